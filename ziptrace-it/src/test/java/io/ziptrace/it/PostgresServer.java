package io.ziptrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server run as a child process on a free loopback port, with a fresh data
 * directory and one empty database; trust authentication, so any password works. The binaries
 * come from Maven Central ({@link PostgresBinaries}), so the tests need no PostgreSQL installed.
 * PostgreSQL refuses to run as root: a JVM running as root (as CI does) starts {@code initdb} and
 * the server as the unprivileged account {@code nobody}, which then owns the data directory.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String USER = "postgres";
  private static final String DATABASE = "ziptrace";
  private static final String UNPRIVILEGED_ACCOUNT = "nobody";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static PostgresServer shared;

  private final int port;
  private final Account account;
  private Path dataDir;
  private Process process;

  private PostgresServer(int port) {
    this.port = port;
    this.account = runningAsRoot() ? Account.named(UNPRIVILEGED_ACCOUNT) : null;
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

  /** A server that is not started yet, on a port that is free now. */
  public static PostgresServer onFreePort() {
    return new PostgresServer(ZipkinServer.freePort());
  }

  /**
   * Unpacks the binaries (once per JVM), creates the data directory, starts the server, waits
   * until it answers queries and creates the database. Fails with the server's log if it does not
   * come up within a minute.
   */
  public synchronized void start() {
    if (process != null) throw new IllegalStateException("already started");
    long started = System.nanoTime();
    try {
      Path postgres = PostgresBinaries.postgres();
      long unpacked = System.nanoTime();
      dataDir = Files.createTempDirectory("ziptrace-postgres-data-");
      if (account != null) account.own(dataDir);
      run(START_TIMEOUT, asServerUser(PostgresBinaries.initdb(), "-D", dataDir.toString(), "-U", USER,
          "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"));
      long initialized = System.nanoTime();
      Path log = Files.createDirectories(Path.of("target")).resolve("postgres-" + port + ".log");
      // No Unix-domain socket: clients connect over TCP on loopback only.
      process = new ProcessBuilder(asServerUser(postgres, "-D", dataDir.toString(), "-p", Integer.toString(port),
              "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      String version;
      try (Connection connection = awaitConnection(log); Statement statement = connection.createStatement()) {
        statement.execute("create database " + DATABASE);
        ResultSet rows = statement.executeQuery("show server_version");
        rows.next();
        version = rows.getString(1);
      }
      System.out.printf("PostgreSQL %s from %s on port %d ready in %d ms (unpacking %d ms, initdb %d ms)%n",
          version, postgres, port, millisSince(started), (unpacked - started) / 1_000_000,
          (initialized - unpacked) / 1_000_000);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("could not create database " + DATABASE, e);
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
    dataDir = null;
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

  /** The id of the server's main process, for tests that check which executable it runs. */
  public synchronized long pid() {
    if (process == null) throw new IllegalStateException("not started");
    return process.pid();
  }

  /** The server's data directory while it runs, deleted by {@link #close()}. */
  public synchronized Path dataDirectory() {
    if (dataDir == null) throw new IllegalStateException("not started");
    return dataDir;
  }

  /** A connection to the {@code postgres} database once the server accepts one, within the start timeout. */
  private Connection awaitConnection(Path log) throws IOException {
    String url = "jdbc:postgresql://" + host() + ":" + port + "/postgres?connectTimeout=10&loginTimeout=10";
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("postgres exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        return DriverManager.getConnection(url, USER, "");
      } catch (SQLException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("postgres did not accept connections within " + START_TIMEOUT.toSeconds()
              + " s (" + notYet.getMessage() + "):\n" + Files.readString(log), notYet);
        }
      }
      pause();
    }
  }

  /** The command, run as the unprivileged account when this JVM runs as root. */
  private List<String> asServerUser(Path executable, String... args) {
    List<String> command = new ArrayList<>();
    if (account != null) {
      // setpriv execs in place, so the child process is postgres itself and receives our signals.
      command.addAll(List.of("setpriv", "--reuid=" + account.uid(), "--regid=" + account.gid(), "--clear-groups",
          "--"));
    }
    command.add(executable.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static void run(Duration timeout, List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("pgcmd", ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
            + " s");
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

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a file or a directory with everything in it; nothing when {@code root} is null or gone. */
  static void deleteTree(Path root) {
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

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** A local account's numeric ids, from /etc/passwd, which setpriv switches to. */
  private record Account(String name, String uid, String gid) {
    static Account named(String name) {
      try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
        return lines.map(line -> line.split(":"))
            .filter(fields -> fields.length > 3 && fields[0].equals(name))
            .findFirst()
            .map(fields -> new Account(name, fields[2], fields[3]))
            .orElseThrow(() -> new IllegalStateException("PostgreSQL refuses to run as root and there is no '" + name
                + "' account in /etc/passwd to run it as"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void own(Path dir) throws IOException {
      Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
    }
  }
}
