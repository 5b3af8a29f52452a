package dev.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process, read from {@code /proc/<pid>/stat} (user + system, in clock ticks),
 * or by this JVM. A process tree (PostgreSQL: a postmaster and one process per connection) counts its
 * live children and the children it has already reaped, so a backend that exits between two samples
 * keeps its share.
 */
record ProcessCpu(String name, long pid, boolean withChildren) {

  /** Linux's USER_HZ, the unit of the /proc times; 100 on every common kernel. */
  private static final double TICK_NANOS = 1e9 / 100;

  /** This JVM. */
  static ProcessCpu thisJvm() {
    return new ProcessCpu("this JVM", ProcessHandle.current().pid(), false);
  }

  /** CPU nanoseconds so far; empty when the process cannot be read (gone, or not on this machine). */
  OptionalLong nanos() {
    if (pid == ProcessHandle.current().pid()) {
      return OptionalLong.of(((com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
    }
    Optional<long[]> own = stat(pid);
    if (own.isEmpty()) {
      return OptionalLong.empty();
    }
    long ticks = own.get()[1] + own.get()[2];
    if (withChildren) {
      ticks += own.get()[3] + own.get()[4] + liveChildrenTicks();
    }
    return OptionalLong.of((long) (ticks * TICK_NANOS));
  }

  private long liveChildrenTicks() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .map(p -> stat(Long.parseLong(p.getFileName().toString())))
          .flatMap(Optional::stream)
          .filter(s -> s[0] == pid)
          .mapToLong(s -> s[1] + s[2])
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /** ppid, utime, stime, cutime, cstime of a process, or empty. */
  static Optional<long[]> stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name may contain spaces and parentheses: the fields start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
          Long.parseLong(f[13]), Long.parseLong(f[14])});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether a local process is a PostgreSQL server process (not, say, a container's pid seen from outside it). */
  static boolean isPostgres(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).startsWith("postgres");
    } catch (IOException e) {
      return false;
    }
  }

  /** The parent of a process (a PostgreSQL backend's parent is its postmaster), or empty. */
  static OptionalLong parentOf(long pid) {
    return stat(pid).map(s -> OptionalLong.of(s[0])).orElse(OptionalLong.empty());
  }

  /**
   * The process listening on a local TCP port, found through the socket's inode in /proc/net/tcp and the
   * file descriptors of the processes this user may read; empty when none is found.
   */
  static OptionalLong listeningOn(int port) {
    String portHex = String.format(Locale.ROOT, ":%04X", port);
    String inode = null;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[1].endsWith(portHex) && f[3].equals("0A")) {
            inode = f[9];
          }
        }
      } catch (IOException e) {
        // No such table: try the next.
      }
    }
    return inode == null ? OptionalLong.empty() : owningProcess("socket:[" + inode + "]");
  }

  private static OptionalLong owningProcess(String link) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> holds(p.resolve("fd"), link))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  private static boolean holds(Path fdDir, String link) {
    try (Stream<Path> fds = Files.list(fdDir)) {
      return fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals(link);
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
