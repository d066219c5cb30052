package org.regnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code regnet} command. Exit codes: 0 all fine, 1 some inputs failed, 2 usage error. */
@Command(name = "regnet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Predicts properties of crystalline materials from their structures (ReGNet on the JVM).",
        subcommands = {InfoCommand.class, PredictCommand.class, TrainCommand.class, MatbenchCommand.class, MatbenchEnsembleCommand.class, EvaluateCommand.class, CalibrateCommand.class, DomainCommand.class, ModelsCommand.class, ScanCommand.class, ScreenCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class RegnetCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Log details too (e.g. why the CUDA kernels are not used).")
    void verbose(boolean on) {
        if (!on) return;
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.FINE);
        for (java.util.logging.Handler h : root.getHandlers()) h.setLevel(java.util.logging.Level.FINE);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (try: regnet info FILE)");
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();  // whatever a command printed without a line end
        System.exit(code);
    }

    /** The configured command line, for main and for tests. */
    public static CommandLine commandLine() {
        System.setProperty("ai.djl.offline", "true");  // no telemetry or downloads, ever (STACK.md)
        // log records (e.g. which Fourier kernels were chosen) as one line each
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "regnet: %4$s: %5$s%n");
        }
        CommandLine cl = new CommandLine(new RegnetCommand());
        cl.setExpandAtFiles(false);  // screen reads @LIST itself, lazily: a list of 10⁶ paths must not become 10⁶ arguments
        // straight to the file descriptor: System.out is a PrintStream, which swallows a broken pipe,
        // so a writer on it could never tell that the reader (`| head`) has gone
        cl.setOut(new java.io.PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.Charset.defaultCharset())), true));
        // a usage error: the problem and where to look, not the whole option list (exit 2)
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            java.io.PrintWriter err = command.getErr();
            err.println("regnet: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof RowWriter.OutputClosedException) return 141;  // as a program killed by SIGPIPE: quietly
            if (e instanceof org.regnet.model.TrainingStoppedException) return 130;  // Ctrl-C; the progress output said where it stopped
            if (e instanceof org.regnet.model.ModelNotFoundException) {  // a usage error found late: exit 2 all the same
                commandLine.getErr().println("regnet: " + e.getMessage());
                commandLine.getErr().println("Try 'regnet models' for the bundled models.");
                return commandLine.getCommandSpec().exitCodeOnInvalidInput();
            }
            // never a stack trace to the user; a bug report needs REGNET_DEBUG=1
            commandLine.getErr().println("regnet: error: " + e.getMessage());
            if (System.getenv("REGNET_DEBUG") != null) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cl;
    }
}
