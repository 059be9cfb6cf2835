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
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setAbbreviatedOptionsAllowed(false)
                .setExitCodeExceptionMapper(t -> t instanceof BmException bm ? bm.exitCode() : ExitCode.FAILED);
    }
}
