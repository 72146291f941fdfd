package dev.skiff.server.backend.sandbox;

/**
 * The unprivileged host user every sandboxed process runs as: one uid and gid for all functions
 * (a pre-started worker of the pool is made before its function is known, so it cannot take a
 * uid per function). Functions are kept apart from each other by their namespaces, their views of
 * the file tree and their networks, not by their uids. The default, 65532, is the unprivileged
 * user distroless images call {@code nonroot}; no host account is needed for it.
 *
 * @param uid the host uid, never 0
 * @param gid the host gid, never 0
 */
public record SandboxUser(int uid, int gid) {
    /** 65532:65532. */
    public static final SandboxUser DEFAULT = new SandboxUser(65532, 65532);

    /** Refuses root and negative ids. */
    public SandboxUser {
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("the sandbox's user must be an unprivileged uid and gid (above 0), not "
                    + uid + ":" + gid);
        }
    }

    /** {@code UID} or {@code UID:GID} (the gid defaults to the uid). */
    public static SandboxUser parse(String text) {
        String[] parts = text.strip().split(":", -1);
        try {
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            int uid = Integer.parseInt(parts[0]);
            return new SandboxUser(uid, parts.length == 2 ? Integer.parseInt(parts[1]) : uid);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not UID or UID:GID (numbers, e.g. 65532:65532)");
        }
    }

    /** Makes {@code dir} itself (not what is in it, and never through a link) this user's. */
    public void give(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.setAttribute(dir, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        java.nio.file.Files.setAttribute(dir, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Why this user could not use a directory owned by {@code ownerUid}:{@code groupGid} with
     * permission bits {@code mode}: it must read and enter it, and write in it when {@code write};
     * empty when it can. The owner's bits apply to the owner, else the group's to the group, else
     * the others' (as the kernel checks them; ACLs are not read).
     */
    public java.util.Optional<String> refusal(int ownerUid, int groupGid, int mode, boolean write) {
        int bits = ownerUid == uid ? (mode >> 6) & 7 : groupGid == gid ? (mode >> 3) & 7 : mode & 7;
        boolean readable = (bits & 5) == 5;
        boolean writable = (bits & 2) == 2;
        if (readable && (!write || writable)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("functions run as uid " + uid + " (gid " + gid + "), which cannot "
                + (readable ? "write in" : write ? "read and write" : "read") + " it (owner " + ownerUid + ":" + groupGid
                + ", mode " + String.format("%04o", mode & 07777) + "); give it to them (chown " + uid + ":" + gid
                + ") or open it to them (chmod o+rx" + (write ? "w" : "") + ")" + (readable ? ", or mount it readOnly" : ""));
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
