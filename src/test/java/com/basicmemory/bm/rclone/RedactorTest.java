package com.basicmemory.bm.rclone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RedactorTest {
    final Redactor r = Redactor.fromEnvironment(Map.of(
            "RCLONE_CONFIG_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG",
            "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
            "RCLONE_CONFIG_PASS", "hunter22",
            "XDG_SESSION_CLASS", "user",
            "HOME", "/home/user",
            "AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt"));

    @Test
    void secretEnvironmentValuesAreMaskedEverywhere() {
        assertEquals("error: signature *** does not match for key ***",
                r.redact("error: signature wJalrXUtnFEMI/K7MDENG does not match for key AKIAIOSFODNN7EXAMPLE"));
        assertEquals("pass *** wrong", r.redact("pass hunter22 wrong"));
    }

    @Test
    void ordinaryEnvironmentValuesAreLeftAlone() {
        assertEquals("/home/user/notes and user", r.redact("/home/user/notes and user"));
        assertEquals("/etc/ssl/certs/ca-certificates.crt", r.redact("/etc/ssl/certs/ca-certificates.crt"));
    }

    @Test
    void connectionStringParametersAreMasked() {
        assertEquals(":s3,provider=AWS,access_key_id=***,secret_access_key=***:bucket/notes",
                r.redact(":s3,provider=AWS,access_key_id=AK,secret_access_key=abc/def:bucket/notes"));
        assertEquals("remote,pass=***:path", r.redact("remote,pass=\"p,w\":path"));
    }

    @Test
    void urlPasswordsAreMasked() {
        assertEquals("https://alice:***@dav.example.com/x", r.redact("https://alice:s3cr3t@dav.example.com/x"));
    }

    @Test
    void secretFlagValuesAreMaskedInArgumentLists() {
        assertEquals(List.of("rclone", "lsf", "--s3-secret-access-key", "***", "--webdav-pass=***", "--ca-cert",
                "/etc/ca.pem", "--max-delete", "25"), r.redactArgs(List.of("rclone", "lsf", "--s3-secret-access-key",
                "xyzzy", "--webdav-pass=plugh", "--ca-cert", "/etc/ca.pem", "--max-delete", "25")));
    }

    @Test
    void shortValuesAreNotTreatedAsSecrets() {
        Redactor tiny = Redactor.fromEnvironment(Map.of("SOME_TOKEN", "1"));
        assertFalse(tiny.redact("version 1.60.1").contains("***"));
    }
}
