package io.ziptrace.http.jdk;

import java.io.IOException;
import java.io.OutputStream;

/** A response body that tells its {@link ServerResponse} when it is closed: the response is complete. */
final class CompletingOutputStream extends OutputStream {
  private final OutputStream body;
  private final ServerResponse response;

  CompletingOutputStream(OutputStream body, ServerResponse response) {
    this.body = body;
    this.response = response;
  }

  OutputStream wrapped() {
    return body;
  }

  @Override
  public void write(int b) throws IOException {
    body.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    body.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    body.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      body.close();
    } catch (IOException | RuntimeException e) {
      response.bodyCloseFailed();
      throw e;
    }
    response.responseComplete();
  }
}
