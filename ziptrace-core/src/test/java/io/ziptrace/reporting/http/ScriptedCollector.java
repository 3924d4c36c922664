package io.ziptrace.reporting.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers each connection it accepts with a script of raw bytes, for the
 * answers the JDK's HTTP server never gives: cut short, chunked after an interim answer, a
 * connection closed after a kept-alive answer.
 */
final class ScriptedCollector implements AutoCloseable {
  /** What to do with one accepted connection. */
  interface Script {
    void run(Connection connection) throws IOException;
  }

  private final ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final Semaphore scriptsEnded = new Semaphore(0);

  /** Accepts {@code scripts.size()} connections, running the nth script on the nth. */
  ScriptedCollector(List<Script> scripts) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      for (Script script : scripts) {
        try (Socket socket = server.accept()) {
          connections.incrementAndGet();
          script.run(new Connection(socket));
        } catch (IOException e) {
          // the client went away; the next script gets the next connection
        } finally {
          scriptsEnded.release();
        }
      }
    }, "scripted-collector");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/api/v2/spans";
  }

  int connections() {
    return connections.get();
  }

  int requests() {
    return requests.get();
  }

  /** Waits (up to 10 s) until the scripts of the first {@code count} connections have ended, their sockets closed. */
  boolean awaitScriptsEnded(int count) throws InterruptedException {
    return scriptsEnded.tryAcquire(count, 10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** One accepted connection, as the script sees it. */
  final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** Reads one request to the end of its body, returning the body's length. */
    int readRequest() throws IOException {
      int length = 0;
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      }
      if (in.readNBytes(length).length != length) throw new EOFException();
      requests.incrementAndGet();
      return length;
    }

    /** Writes {@code raw} as it is. */
    void answer(String raw) throws IOException {
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) throw new EOFException();
        if (b != '\r') line.append((char) b);
      }
      return line.toString();
    }
  }
}
