package io.ziptrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server, Debian's binaries run as a child process on a free loopback port,
 * with a fresh data directory and one empty database. Trust authentication: any password works.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Path BIN_ROOT = Path.of("/usr/lib/postgresql");
  private static final String USER = "postgres";
  private static final String DATABASE = "ziptrace";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static PostgresServer shared;

  private final Path bin;
  private final int port;
  private final boolean root;
  private Path dataDir;
  private Path socketDir;
  private Process process;

  private PostgresServer(Path bin, int port) {
    this.bin = bin;
    this.port = port;
    this.root = runningAsRoot();
  }

  /** One server for the whole test run, started on first use and stopped when the JVM exits. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      PostgresServer server = onFreePort();
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      shared = server;
    }
    return shared;
  }

  /** A server that is not started yet, on a port that is free now; fails if PostgreSQL is missing. */
  public static PostgresServer onFreePort() {
    return new PostgresServer(binaries(), ZipkinServer.freePort());
  }

  /** The {@code bin} directory of the newest PostgreSQL under {@code /usr/lib/postgresql}. */
  static Path binaries() {
    try (Stream<Path> versions = Files.list(BIN_ROOT)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.comparing(PostgresServer::majorVersion))
          .orElseThrow(PostgresServer::missing);
    } catch (IOException e) {
      throw missing();
    }
  }

  /** Creates the data directory, starts the server, waits until it answers queries, creates the database. */
  public synchronized void start() {
    if (process != null) throw new IllegalStateException("already started");
    long started = System.nanoTime();
    try {
      dataDir = ownedDirectory();
      socketDir = Files.createTempDirectory("pgsock");
      giveToServerUser(socketDir);
      run(START_TIMEOUT, asServerUser(bin.resolve("initdb").toString(), "-D", dataDir.toString(),
          "-U", USER, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"));
      long initialized = System.nanoTime();
      Path log = Path.of("target", "postgres-" + port + ".log");
      process = new ProcessBuilder(asServerUser(bin.resolve("postgres").toString(), "-D", dataDir.toString(),
              "-k", socketDir.toString(), "-c", "listen_addresses=127.0.0.1", "-p", Integer.toString(port),
              "-c", "fsync=off"))
          .directory(dataDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      awaitQueries(log);
      run(Duration.ofSeconds(30), psql("create database " + DATABASE));
      System.out.printf("PostgreSQL %s on port %d ready in %d ms (initdb %d ms)%n", bin.getParent().getFileName(),
          port, millisSince(started), (initialized - started) / 1_000_000);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL if it hangs) and deletes its data directory. */
  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    deleteTree(dataDir);
    deleteTree(socketDir);
    dataDir = null;
    socketDir = null;
  }

  /** The address the server listens on. */
  public String host() {
    return "127.0.0.1";
  }

  /** The TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** The database created for the tests. */
  public String database() {
    return DATABASE;
  }

  /** The superuser to connect as; no password is checked. */
  public String user() {
    return USER;
  }

  private void awaitQueries(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("postgres exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (exitCode(psql("select 1"), Duration.ofSeconds(10)) == 0) return;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("postgres did not accept queries within " + START_TIMEOUT.toSeconds()
            + " s:\n" + Files.readString(log));
      }
      pause();
    }
  }

  private List<String> psql(String sql) {
    return List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host(),
        "-p", Integer.toString(port), "-U", USER, "-d", "postgres", "-c", sql);
  }

  /** A fresh, empty directory under target/ that the server's user can write. */
  private Path ownedDirectory() throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "postgres-");
    giveToServerUser(dir);
    // A checkout in a directory the server's user cannot enter (e.g. /root) needs a data directory elsewhere.
    if (root && exitCode(asServerUser("test", "-w", dir.toString()), Duration.ofSeconds(10)) != 0) {
      deleteTree(dir);
      dir = Files.createTempDirectory("postgres-");
      giveToServerUser(dir);
    }
    return dir;
  }

  private void giveToServerUser(Path dir) throws IOException {
    if (!root) return;
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    try {
      Files.setOwner(dir, users.lookupPrincipalByName(USER));
      Files.getFileAttributeView(dir, PosixFileAttributeView.class)
          .setGroup(users.lookupPrincipalByGroupName(USER));
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException("PostgreSQL refuses to run as root and there is no '" + USER
          + "' user to run it as; install Debian's package (apt-get install postgresql), which creates it", e);
    }
  }

  /** The command run as the server's user when this JVM runs as root; initdb and postgres refuse root. */
  private List<String> asServerUser(String... command) {
    List<String> full = new ArrayList<>();
    if (root) {
      // setpriv execs in place, so the child process is postgres itself and receives our signals.
      full.addAll(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static void run(Duration timeout, List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("pgcmd", ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteTree(out);
    }
  }

  private static int exitCode(List<String> command, Duration timeout) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static IllegalStateException missing() {
    return new IllegalStateException("PostgreSQL server binaries (initdb, postgres) not found under " + BIN_ROOT
        + "/<version>/bin; install them with: apt-get install postgresql");
  }
}
