/**
 * queue-service's admin API: Postfix's postqueue, postsuper and qshape as JSON over HTTP under
 * {@code /admin/queue} ({@link io.kurir.queue.rest.QueueResource}), on the same
 * {@link io.kurir.store.queue.QueueAdmin} as {@code kurir queue}. Every request under
 * {@code /admin} needs {@code Authorization: Bearer} with {@code kurir.admin-token}; without that
 * setting the API is off and answers 403 ({@link io.kurir.queue.rest.AdminToken}).
 */
package io.kurir.queue.rest;
