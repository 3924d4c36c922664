package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading collectors' answers, within bounds whatever they send. */
class AnswerReaderTest {
  @Test
  void keepsOnlyTheStartOfALongErrorBodyAndReadsItToItsEnd() throws IOException {
    String body = "x".repeat(100_000);
    ByteArrayInputStream in = stream("HTTP/1.1 500 Oops\r\nContent-Length: " + body.length() + "\r\n\r\n" + body + "NEXT");
    AnswerReader.Answer answer = new AnswerReader(in).read();

    assertThat(answer.answer().status()).isEqualTo(500);
    assertThat(answer.answer().body()).hasSize(AnswerReader.MAX_KEPT_BODY_BYTES);
    assertThat(answer.reusable()).isTrue();
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("NEXT");
  }

  @Test
  void aBodyTooLongToDrainClosesTheConnectionInstead() throws IOException {
    long length = AnswerReader.MAX_DRAINED_BODY_BYTES + 1;
    AnswerReader.Answer answer = new AnswerReader(stream("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n"
        + "y".repeat((int) length))).read();

    assertThat(answer.answer().body()).isEmpty(); // a 2xx body is not kept
    assertThat(answer.reusable()).isFalse();
  }

  @Test
  void answersWithoutALengthOrFromHttp10EndWithTheirConnection() throws IOException {
    assertThat(new AnswerReader(stream("HTTP/1.1 202 Accepted\r\n\r\n")).read().reusable()).isFalse();
    assertThat(new AnswerReader(stream("HTTP/1.0 202 Accepted\r\nContent-Length: 0\r\n\r\n")).read().reusable()).isFalse();
    assertThat(new AnswerReader(stream("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
        .read().reusable()).isFalse();
    assertThat(new AnswerReader(stream("HTTP/1.1 204 No Content\r\n\r\n")).read().reusable()).isFalse();
    assertThat(new AnswerReader(stream("HTTP/1.1 202\nContent-Length: 0\n\n")).read().reusable()).isTrue(); // bare LF, no reason phrase
  }

  @Test
  void redirectsKeepTheirLocation() throws IOException {
    CollectorAnswer answer = new AnswerReader(stream(
        "HTTP/1.1 301 Moved\r\nLocation: /api/v2/spans\r\nContent-Length: 5\r\n\r\nmoved")).read().answer();

    assertThat(answer.location()).isEqualTo("/api/v2/spans");
    assertThat(answer.body()).isEqualTo("moved");
  }

  @Test
  void garbageIsAnIOExceptionSayingWhatWasWrong() {
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 abc\r\n\r\n")).read())
        .isExactlyInstanceOf(IOException.class).hasMessage("malformed answer: bad status line: HTTP/1.1 abc");
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n")).read())
        .isExactlyInstanceOf(IOException.class).hasMessage("malformed answer: Content-Length -4");
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).read())
        .isExactlyInstanceOf(IOException.class).hasMessage("malformed answer: bad chunk size: zz");
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 200 OK\r\nno colon\r\n\r\n")).read())
        .isExactlyInstanceOf(IOException.class).hasMessage("malformed answer: bad header line: no colon");
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(200) + "\r\n")).read())
        .isExactlyInstanceOf(IOException.class).hasMessageContaining("header lines");
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 200 " + "z".repeat(20_000))).read())
        .isExactlyInstanceOf(IOException.class).hasMessageContaining("line over");
    assertThatThrownBy(() -> new AnswerReader(stream("HTTP/1.1 100 Continue\r\n\r\n".repeat(20))).read())
        .isExactlyInstanceOf(IOException.class).hasMessageContaining("interim");
  }

  @Test
  void tellsWhetherAnyOfTheAnswerArrivedBeforeTheConnectionClosed() {
    AnswerReader nothing = new AnswerReader(stream(""));
    assertThatThrownBy(nothing::read).isInstanceOf(EOFException.class);
    assertThat(nothing.started()).isFalse();

    AnswerReader cutShort = new AnswerReader(stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
    assertThatThrownBy(cutShort::read).isInstanceOf(EOFException.class);
    assertThat(cutShort.started()).isTrue();
  }

  @Test
  void readsOneAnswerAfterAnotherFromTheSameStream() throws IOException {
    AnswerReader reader = new AnswerReader(new SequenceInputStream(
        stream("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"),
        stream("HTTP/1.1 429 Too Many\r\nRetry-After: 2\r\nContent-Length: 4\r\n\r\nslow")));

    assertThat(reader.read().answer().status()).isEqualTo(202);
    CollectorAnswer second = reader.read().answer();
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.retryAfter()).isEqualTo("2");
    assertThat(second.body()).isEqualTo("slow");
  }

  private static ByteArrayInputStream stream(String raw) {
    return new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1));
  }
}
