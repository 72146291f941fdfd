/**
 * Resource limits per instance: how the machine's cgroups are laid out ({@code CgroupLayout}, pure
 * parsing of /proc/self/cgroup and /proc/mounts), the one small interface the process backend uses
 * ({@code Enforcement}, making an {@code InstanceGroup} per worker) behind cgroup v2
 * ({@code CgroupV2}), cgroup v1 ({@code CgroupV1}) or nothing ({@code NoEnforcement}), chosen once
 * at start ({@code Cgroups}); the limits and their arithmetic ({@code Limits}, {@code LimitSettings},
 * {@code CgroupSettings}, {@code LimitText}), and the command that joins a group before the worker's
 * own program runs ({@code EnterCommand}).
 * May use: nothing of the server; skiff-api.
 */
package dev.skiff.server.backend.cgroups;
