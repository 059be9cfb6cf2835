package com.basicmemory.bm.rclone;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of reports, logs, history and messages. Three kinds are masked as {@code ***}:
 * the values of secret-looking environment variables (rclone's {@code RCLONE_CONFIG_<REMOTE>_SECRET_ACCESS_KEY},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code RCLONE_CONFIG_PASS}, ...) wherever they appear; {@code key=value} parameters
 * of rclone connection strings ({@code :s3,secret_access_key=...:bucket}) and {@code --flag value} pairs whose name
 * looks secret; and the password of a URL's user info.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Environment variable names whose values are secrets: a secret word as one of the name's parts. */
    private static final Pattern SECRET_ENV = Pattern.compile(
            "(?i)(?:.*_)?(SECRET|PASS|PASSWORD|PASSWD|TOKEN|KEY|CREDENTIALS?|SAS|ACCESS_KEY_ID|SECRET_ACCESS_KEY)(?:_.*)?");
    /** rclone flag and parameter names whose values are secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|pass|password|token|key|credential|sas_url|auth).*");
    private static final Pattern PARAM = Pattern.compile(
            "(?i)([,:]\\s*)([a-z0-9_]*(?:secret|pass|token|key|credential|sas_url|auth)[a-z0-9_]*)"
                    + "\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^,:\\s\"']+)");
    private static final Pattern URL_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]+):([^/@\\s]+)@");
    private static final Pattern FLAG = Pattern.compile("--([a-z0-9-]+)(=(.*))?");

    private final List<String> secretValues;

    public Redactor(List<String> secretValues) {
        List<String> v = new ArrayList<>();
        for (String s : secretValues) {
            if (s != null && s.length() >= 4) {
                v.add(s);
            }
        }
        v.sort(Comparator.comparingInt(String::length).reversed());
        this.secretValues = List.copyOf(v);
    }

    /** Secret values from an environment: variables whose names look secret. */
    public static Redactor fromEnvironment(Map<String, String> env) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (SECRET_ENV.matcher(name).matches() && !name.equals("AWS_CA_BUNDLE")) {
                values.add(e.getValue());
            }
        }
        return new Redactor(values);
    }

    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secretValues) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        if (out.indexOf('=') >= 0) {
            Matcher m = PARAM.matcher(out);
            if (m.find()) {
                out = m.replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + mr.group(2) + "=" + MASK));
            }
        }
        if (out.indexOf('@') >= 0) {
            out = URL_USERINFO.matcher(out).replaceAll("$1:" + MASK + "@");
        }
        return out;
    }

    /** An argument vector with the value after a secret-looking {@code --flag} masked, and every argument redacted. */
    public List<String> redactArgs(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean maskNext = false;
        for (String a : argv) {
            if (maskNext) {
                out.add(MASK);
                maskNext = false;
                continue;
            }
            Matcher m = FLAG.matcher(a);
            if (m.matches() && isSecretName(m.group(1)) && !m.group(1).equals("ca-cert")) {
                if (m.group(2) != null) {
                    out.add("--" + m.group(1) + "=" + MASK);
                } else {
                    out.add(a);
                    maskNext = true;
                }
                continue;
            }
            out.add(redact(a));
        }
        return out;
    }
}
