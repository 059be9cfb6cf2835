package com.basicmemory.bm.cloud;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.sync.Profile;
import com.basicmemory.bm.sync.SyncCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "setup", description = "Write BM_HOME/config.json: the sync directory, the cloud remote, the profile.",
        mixinStandardHelpOptions = true)
public class CloudSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    CloudSetupService service;

    @Option(names = "--sync-dir", required = true, paramLabel = "DIR",
            description = "Local sync directory; each top-level folder is a project. Created if missing.")
    String syncDir;

    @Option(names = "--remote", paramLabel = "REMOTE", description = "The cloud: anything rclone accepts as a path"
            + " (name:bucket/prefix, or a local folder). Default: the embedded cloud under BM_HOME.")
    String remote;

    @Option(names = "--profile", paramLabel = "safe|balanced|fast", converter = SyncCommand.ProfileConverter.class,
            description = "Default profile (default balanced).")
    Profile profile;

    @Option(names = "--mount-dir", paramLabel = "DIR",
            description = "Where you `rclone mount` the cloud, if you do (default ~/basic-memory-cloud); the sync"
                    + " directory must stay apart from it.")
    String mountDir;

    @Option(names = "--encrypt", description = {"Encrypt file names and contents before they leave this device: the"
            + " cloud becomes an rclone crypt remote over --remote (or the embedded cloud), defined in rclone's config"
            + " file. The password comes from --password-file, BM_CRYPT_PASSWORD or a prompt, never an argument."
            + " See docs/recovery.md."})
    boolean encrypt;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "With --encrypt: the password is the first line of FILE.")
    String passwordFile;

    @Option(names = "--crypt-name", paramLabel = "NAME",
            description = "With --encrypt: the crypt remote's name in rclone's config (default bm-crypt).")
    String cryptName;

    @Override
    public Integer call() {
        if (!encrypt && (passwordFile != null || cryptName != null)) {
            throw com.basicmemory.bm.cli.BmException.badInput("--password-file and --crypt-name go with --encrypt");
        }
        CloudSetupService.Result r = service.setup(syncDir, remote, profile, mountDir, encrypt
                ? new CloudSetupService.Encryption(cryptName, passwordFile, CloudSetupCommand::askOnTerminal) : null);
        if (!GlobalOptions.quiet()) {
            spec.commandLine().getErr().println("bm: wrote " + r.configFile() + ": sync directory " + r.syncDir()
                    + ", cloud " + r.cloud() + ", profile " + r.profile() + "; next: bm sync");
        }
        return 0;
    }

    /** Reads a password without echo when stdin is a terminal; null otherwise. */
    static char[] askOnTerminal(String prompt) {
        java.io.Console console = System.console();
        if (console == null || !com.basicmemory.bm.util.Terminal.isTerminal(0)) {
            return null;
        }
        return console.readPassword("%s", prompt);
    }
}
