package io.ziptrace.reporting.http;

import io.ziptrace.internal.Phrases;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns the JDK's network failures into causes a person acts on ({@code connection refused},
 * {@code no answer within 10 s}) rather than class names, keeping the original as the cause.
 */
final class TransportErrors {
  private final String destination;
  private final String host;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  TransportErrors(String destination, String host, Duration connectTimeout, Duration requestTimeout) {
    this.destination = destination;
    this.host = host;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
  }

  /** An IOException whose message says what went wrong, with {@code failure} as its cause. */
  IOException explain(Throwable failure) {
    return new IOException(describe(failure), failure);
  }

  /** The failure of a send on a closed sender, or of one its closing aborted ({@code cause}, or null). */
  IOException closed(Throwable cause) {
    return new IOException("sender is closed: " + destination, cause);
  }

  /** A POST the request timeout aborted, {@code cause} being how the abort surfaced. */
  IOException timedOut(Throwable cause) {
    return new IOException("no answer within " + Phrases.duration(requestTimeout), cause);
  }

  private String describe(Throwable failure) {
    if (failure instanceof HttpConnectTimeoutException) return "no connection within " + Phrases.duration(connectTimeout);
    if (failure instanceof HttpTimeoutException) return "no answer within " + Phrases.duration(requestTimeout);
    if (failure instanceof SocketTimeoutException) {
      // Socket.connect's timeout says "Connect timed out"; a read's says "Read timed out"
      String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
      return message.contains("connect") ? "no connection within " + Phrases.duration(connectTimeout)
          : "no answer within " + Phrases.duration(requestTimeout);
    }
    if (plainHttpAnsweredTls(failure)) {
      return "TLS handshake failed: the collector does not speak TLS on this port; use "
          + destination.replaceFirst("(?i)^https://", "http://");
    }
    Throwable tls = find(failure, SSLHandshakeException.class);
    if (tls != null) return "TLS handshake failed: " + tls.getMessage();
    if (find(failure, UnknownHostException.class) != null || find(failure, UnresolvedAddressException.class) != null) {
      return "unknown host " + host;
    }
    if (find(failure, ConnectException.class) != null) return "connection refused";
    if (find(failure, EOFException.class) != null || closedByPeer(failure)) return "connection closed by the collector";
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  /** The JDK reports a connection the peer closed only in its messages, which differ by version. */
  private static boolean closedByPeer(Throwable failure) {
    return saysAnyOf(failure, "received no bytes", "end of file", "connection reset", "broken pipe", "closed");
  }

  /**
   * An https URL for a plain-HTTP port: the JDK's TLS finds no TLS record in the answer, and says
   * so only in its message.
   */
  private static boolean plainHttpAnsweredTls(Throwable failure) {
    Throwable tls = find(failure, SSLException.class);
    return tls != null && saysAnyOf(tls, "unrecognized ssl message");
  }

  /** Whether the message of {@code failure} or of one of its causes holds one of {@code fragments}, ignoring case. */
  private static boolean saysAnyOf(Throwable failure, String... fragments) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      for (String fragment : fragments) {
        if (message.contains(fragment)) return true;
      }
    }
    return false;
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return t;
    }
    return null;
  }
}
