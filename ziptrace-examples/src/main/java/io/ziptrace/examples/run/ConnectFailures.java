package io.ziptrace.examples.run;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Says in a few words why an HTTP request got no answer. */
final class ConnectFailures {
  private ConnectFailures() {}

  /** E.g. {@code connection refused}, {@code unknown host}, {@code no answer in time}. */
  static String describe(IOException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) return "unknown host";
    }
    if (failure instanceof HttpConnectTimeoutException) return "no answer to connecting in time";
    if (failure instanceof HttpTimeoutException) return "no answer in time";
    if (failure instanceof ConnectException) return "connection refused";
    String message = failure.getMessage();
    return message != null && !message.isBlank() ? message : failure.getClass().getSimpleName();
  }
}
