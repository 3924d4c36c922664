package io.ziptrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP sockets listening on a port, read from the kernel's tables ({@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}) instead of by connecting to them.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** The local addresses of the sockets listening on {@code port}; Linux only. */
  public static List<InetAddress> on(int port) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        throw new AssertionError(table + " is unreadable: listening sockets can only be checked on Linux");
      }
      try {
        addresses.addAll(parse(Files.readAllLines(path), port, ByteOrder.nativeOrder()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return addresses;
  }

  /**
   * The local addresses of the LISTEN rows for {@code port} in the lines of a {@code
   * /proc/net/tcp} or {@code tcp6} table, header line included, printed by a machine of byte
   * order {@code order}.
   */
  static List<InetAddress> parse(List<String> lines, int port, ByteOrder order) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 4 || !fields[3].equals(LISTEN)) continue;
      String[] local = fields[1].split(":");
      if (Integer.parseInt(local[1], 16) == port) addresses.add(address(local[0], order));
    }
    return addresses;
  }

  /** The kernel prints an address as 32-bit words in the machine's byte order, each in hex. */
  private static InetAddress address(String hex, ByteOrder order) {
    byte[] bytes = new byte[hex.length() / 2];
    boolean littleEndian = order == ByteOrder.LITTLE_ENDIAN;
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int from = word * 8 + (littleEndian ? (3 - i) : i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }
}
