package io.ziptrace.micrometer;

import io.micrometer.tracing.Link;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links as span tags: Zipkin has no links, so link {@code n} is written as tags {@code
 * links[n].traceId}, {@code links[n].spanId} and {@code links[n].tags[key]}, the keys Micrometer's
 * Brave bridge writes, so that Zipkin shows the same data whichever bridge recorded it.
 */
final class SpanLinks {
  private static final String PREFIX = "links[";

  private SpanLinks() {
  }

  /** Adds {@code link} as link number {@code index} to {@code tags}; a link without ids is skipped. */
  static void write(Link link, int index, Map<String, String> tags) {
    if (link == null || link.getTraceContext() == null) return;
    String traceId = link.getTraceContext().traceId();
    String spanId = link.getTraceContext().spanId();
    if (traceId == null || traceId.isEmpty()) return;
    String prefix = PREFIX + index + "].";
    tags.put(prefix + "traceId", traceId);
    if (spanId != null) tags.put(prefix + "spanId", spanId);
    for (Map.Entry<String, Object> tag : link.getTags().entrySet()) {
      tags.put(prefix + "tags[" + tag.getKey() + "]", String.valueOf(tag.getValue()));
    }
  }

  /** The number of links in {@code tags}: the next link's index. */
  static int count(Map<String, String> tags) {
    int count = 0;
    for (String key : tags.keySet()) {
      int index = index(key);
      if (index >= count) count = index + 1;
    }
    return count;
  }

  /** The links in {@code tags}, in index order. */
  static List<Link> read(Map<String, String> tags) {
    int count = count(tags);
    List<Link> links = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String prefix = PREFIX + i + "].";
      io.ziptrace.TraceContext context = context(tags.get(prefix + "traceId"), tags.get(prefix + "spanId"));
      if (context == null) continue;
      Map<String, Object> linkTags = new LinkedHashMap<>();
      String tagPrefix = prefix + "tags[";
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        String key = tag.getKey();
        if (key.startsWith(tagPrefix) && key.endsWith("]")) {
          linkTags.put(key.substring(tagPrefix.length(), key.length() - 1), tag.getValue());
        }
      }
      links.add(new Link(new ZiptraceTraceContext(context, null), linkTags));
    }
    return links;
  }

  private static io.ziptrace.TraceContext context(String traceId, String spanId) {
    if (traceId == null || spanId == null) return null;
    try {
      io.ziptrace.TraceContext.Builder b = io.ziptrace.TraceContext.builder();
      Ids.traceId(b, traceId);
      return b.spanId(Ids.spanId(spanId)).build();
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  /** The link index of a {@code links[n].…} tag key, or -1. */
  private static int index(String key) {
    if (!key.startsWith(PREFIX)) return -1;
    int end = key.indexOf("].", PREFIX.length());
    if (end < 0) return -1;
    try {
      return Integer.parseInt(key.substring(PREFIX.length(), end));
    } catch (NumberFormatException notALink) {
      return -1;
    }
  }
}
