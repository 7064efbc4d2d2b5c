package io.kurir.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kurir}: the administrator's one tool, as postfix, postconf, postqueue and doveadm are on a
 * Postfix box. Run from the repository root as {@code ./kurir}.
 */
@Command(name = "kurir", mixinStandardHelpOptions = true, version = "Kurir 0.1.0",
        description = "Kurir mail system: run the local stack and administer accounts, mail, access tables, aliases, content checks and the queue.",
        subcommands = {UpCommand.class, UserCommand.class, MailCommand.class, AccessCommand.class, QueueCommand.class,
                AliasCommand.class, AliasCommand.Aliases.class, VirtualCommand.class, ForwardCommand.class, CanonicalCommand.class, DomainCommand.class, ChecksCommand.class,
                CommandLine.HelpCommand.class})
public final class Kurir implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Keeps the logger (and with it its level) alive. */
    private static java.util.logging.Logger quiet;

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("up")) {
            // administration commands print their answer, not the embedded database's start-up
            quiet = java.util.logging.Logger.getLogger("io.kurir");
            quiet.setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Kurir());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kurir: fatal: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cl;
    }
}
