package dev.skiff.cli;

import dev.skiff.core.credentials.CredentialsFile;
import dev.skiff.core.credentials.FileOwner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whose CLI configuration {@code skiff server} records itself in: the user who started it. Run
 * with {@code sudo}, that is {@code $SUDO_USER} (their home from the password file, the file given
 * to them), not root, so that their {@code ./skiff deploy} in another terminal finds the token.
 * {@code $SKIFF_CONFIG} names the file outright. Pure: the password file's text is passed in.
 *
 * @param file the configuration file
 * @param owner who the file should belong to; null: the server's own user
 */
record ServerCliConfig(Path file, FileOwner owner) {

    /** The target for a server started with {@code env}, as {@code uid} (0: root), with the password file {@code passwd}. */
    static ServerCliConfig of(Map<String, String> env, long uid, String passwd) {
        String sudoUser = env.get("SUDO_USER");
        if (uid != 0 || sudoUser == null || sudoUser.isBlank() || sudoUser.equals("root")
                || env.containsKey(CredentialsFile.ENV)) {
            return new ServerCliConfig(CredentialsFile.of(env).path(), null);
        }
        Optional<String[]> entry = passwd.lines().map(line -> line.split(":", -1))
                .filter(fields -> fields.length >= 7 && fields[0].equals(sudoUser)).findFirst();
        if (entry.isEmpty()) {
            return new ServerCliConfig(CredentialsFile.of(env).path(), null);
        }
        String[] fields = entry.get();
        Map<String, String> theirs = new HashMap<>();
        theirs.put("HOME", fields[5]);
        try {
            return new ServerCliConfig(CredentialsFile.of(theirs).path(),
                    new FileOwner(Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
        } catch (NumberFormatException e) {
            return new ServerCliConfig(CredentialsFile.of(env).path(), null);
        }
    }
}
