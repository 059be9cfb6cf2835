package com.basicmemory.bm.cli;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** Customises picocli once: error handling, exit codes, lenient enum spelling. */
@Singleton
public class CommandLineProducer {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    public static CommandLine configure(CommandLine cl) {
        BmErrorHandler handler = new BmErrorHandler();
        return cl.setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler)
                .setExecutionStrategy(CommandLineProducer::execute)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setAbbreviatedOptionsAllowed(false)
                .setExitCodeExceptionMapper(t -> t instanceof BmException bm ? bm.exitCode() : ExitCode.FAILED);
    }

    /** Picocli's default (run the last subcommand), after the checks that concern the global options together. */
    private static int execute(CommandLine.ParseResult parsed) {
        if (GlobalOptions.quiet() && GlobalOptions.verbose()) {
            java.util.List<CommandLine> chain = parsed.asCommandLineList();
            throw new CommandLine.ParameterException(chain.get(chain.size() - 1),
                    "-q/--quiet and -v/--verbose cannot be combined: choose one");
        }
        return new CommandLine.RunLast().execute(parsed);
    }
}
