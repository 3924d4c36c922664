package io.ziptrace.encoding;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.TraceContext;
import java.util.List;
import java.util.Random;

/** Spans that exercise every field and awkward string of the encoders. */
final class SampleSpans {
  private SampleSpans() {}

  static final FinishedSpan EVERY_FIELD = FinishedSpan.builder(
          TraceContext.builder().traceId(0x463ac35c9f6413adL, 0x48485a3953bb6124L).spanId(0x2L)
              .parentId(0x1L).sampled(true).debug(true).shared(true).build())
      .name("get /users/{id}")
      .kind(Kind.SERVER)
      .timestamp(1_472_470_996_199_000L)
      .duration(207_000L)
      .localEndpoint(Endpoint.builder("frontend").ipv4("172.17.0.13").ipv6("2001:db8::c001").port(8080).build())
      .remoteEndpoint(Endpoint.builder("backend").ipv4("192.168.99.101").port(9000).build())
      .addAnnotation(1_472_470_996_238_000L, "foo")
      .addAnnotation(1_472_470_996_403_000L, "bar")
      .putTag("clnt/finagle.version", "6.45.0")
      .putTag("http.path", "/api")
      .build();

  static final FinishedSpan IDS_ONLY =
      FinishedSpan.builder(TraceContext.builder().traceId(0x1L).spanId(0xffffffffffffffffL).build()).build();

  static final FinishedSpan UNICODE = FinishedSpan.builder(TraceContext.builder().traceId(7L).spanId(8L).build())
      .name("名前 \uD83D\uDE00 ünïcødé")
      .localEndpoint(Endpoint.of("サービス"))
      .addAnnotation(1L, "emoji \uD83C\uDF55 and \u2028 line\u2029 separators")
      .putTag("quote\"back\\slash", "tab\t newline\n cr\r bs\b ff\f nul\u0000 esc\u001b del\u007f")
      .putTag("binaryAnnotations", "value ending in yAnnotations")
      .putTag("\uD800\uDC00 plane 1", "\uDBFF\uDFFF last plane")
      .build();

  static List<FinishedSpan> fixed() {
    return List.of(EVERY_FIELD, IDS_ONLY, UNICODE, kind(Kind.CLIENT), kind(Kind.PRODUCER), kind(Kind.CONSUMER));
  }

  private static FinishedSpan kind(Kind kind) {
    return FinishedSpan.builder(TraceContext.builder().traceId(3L).spanId(4L).parentId(3L).build())
        .kind(kind).name(kind.name()).timestamp(10L).duration(1L).build();
  }

  /** A random span; its strings never hold lone surrogates (see {@link #randomString}). */
  static FinishedSpan random(Random random, boolean loneSurrogates) {
    TraceContext.Builder context = TraceContext.builder()
        .traceId(random.nextBoolean() ? random.nextLong() : 0L, nonZero(random))
        .spanId(nonZero(random));
    if (random.nextBoolean()) context.parentId(nonZero(random));
    Kind kind = random.nextBoolean() ? Kind.values()[random.nextInt(Kind.values().length)] : null;
    // zipkin2 keeps the shared flag only on server spans
    context.debug(random.nextInt(10) == 0).shared(kind == Kind.SERVER && random.nextBoolean());
    FinishedSpan.Builder span = FinishedSpan.builder(context.build()).kind(kind);
    if (random.nextBoolean()) span.name(randomString(random, loneSurrogates));
    if (random.nextBoolean()) span.timestamp(1 + (random.nextLong() >>> 1));
    if (random.nextBoolean()) span.duration(1 + random.nextInt(Integer.MAX_VALUE));
    if (random.nextBoolean()) {
      span.localEndpoint(Endpoint.builder(randomString(random, loneSurrogates)).ipv4("10.0.0." + random.nextInt(256))
          .port(random.nextInt(65536)).build());
    }
    if (random.nextBoolean()) {
      span.remoteEndpoint(Endpoint.builder(null).ipv6("2001:db8::" + Integer.toHexString(random.nextInt(65536))).build());
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      span.addAnnotation(1 + (random.nextLong() >>> 1), randomString(random, loneSurrogates));
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      span.putTag(randomString(random, loneSurrogates), randomString(random, loneSurrogates));
    }
    return span.build();
  }

  /** Characters from all of Unicode: ASCII, controls, BMP, supplementary planes. */
  static String randomString(Random random, boolean loneSurrogates) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      switch (random.nextInt(6)) {
        case 0: s.append((char) random.nextInt(0x20)); break;
        case 1: s.append((char) (0x20 + random.nextInt(0x60))); break;
        case 2: s.append((char) (0x80 + random.nextInt(0x780))); break;
        case 3: s.append((char) (0x800 + random.nextInt(0xd000))); break;
        case 4: s.appendCodePoint(0x10000 + random.nextInt(0x100000)); break;
        default:
          if (loneSurrogates) s.append((char) (0xd800 + random.nextInt(0x800)));
          else s.append("yAnnotations");
      }
    }
    return s.toString();
  }

  private static long nonZero(Random random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0L);
    return id;
  }
}
