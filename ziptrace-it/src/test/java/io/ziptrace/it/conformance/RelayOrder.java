package io.ziptrace.it.conformance;

import io.ziptrace.BaggageField;
import io.ziptrace.TraceContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link RelayUnderTest} is asked to do, in its query string, and what it answers: each
 * {@code call} URL is called with the request's context as parent, with the {@code tenant} baggage
 * field set to {@code set} first when given; each {@code private} URL is called with the context
 * {@code withoutBaggage()}. The answer is the {@code user_id} value the handler saw, or {@code
 * none}.
 */
final class RelayOrder {
  static final BaggageField USER_ID = BaggageField.remote("user_id").withHeader("baggage-user-id");
  static final BaggageField TENANT = BaggageField.remote("tenant");
  static final String NONE = "none";

  /** One client call: where to, and the parent to make it with. */
  record Call(String url, TraceContext parent) {}

  private final List<String> calls = new ArrayList<>();
  private final List<String> privateCalls = new ArrayList<>();
  private String tenant;

  private RelayOrder() {}

  /** An order with nothing to call. */
  static RelayOrder relay() {
    return new RelayOrder();
  }

  /** Also calls {@code url} with the request's context. */
  RelayOrder call(String url) {
    calls.add(url);
    return this;
  }

  /** Also calls {@code url} with the request's context without baggage. */
  RelayOrder callPrivately(String url) {
    privateCalls.add(url);
    return this;
  }

  /** Sets baggage field {@code tenant} on the context of the {@code call} calls. */
  RelayOrder settingTenant(String value) {
    tenant = value;
    return this;
  }

  /** The path and query that asks a relay for this order. */
  String pathAndQuery() {
    StringBuilder query = new StringBuilder("/relay?");
    for (String url : calls) query.append("call=").append(encode(url)).append('&');
    for (String url : privateCalls) query.append("private=").append(encode(url)).append('&');
    if (tenant != null) query.append("set=").append(encode(tenant));
    return query.toString();
  }

  /** The order a relay received as {@code rawQuery} (may be null). */
  static RelayOrder parse(String rawQuery) {
    RelayOrder order = new RelayOrder();
    if (rawQuery == null) return order;
    for (String parameter : rawQuery.split("&")) {
      int equals = parameter.indexOf('=');
      if (equals < 0) continue;
      String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
      switch (parameter.substring(0, equals)) {
        case "call" -> order.calls.add(value);
        case "private" -> order.privateCalls.add(value);
        case "set" -> order.tenant = value;
        default -> throw new IllegalArgumentException("unknown relay parameter " + parameter);
      }
    }
    return order;
  }

  /** The calls to make for a request whose span has {@code handled} as context, in order. */
  List<Call> calls(TraceContext handled) {
    List<Call> all = new ArrayList<>();
    TraceContext parent = tenant == null ? handled : handled.withBaggage(TENANT, tenant);
    for (String url : calls) all.add(new Call(url, parent));
    for (String url : privateCalls) all.add(new Call(url, handled.withoutBaggage()));
    return all;
  }

  /** The relay's answer for a request whose span has {@code handled} as context. */
  static String answer(TraceContext handled) {
    String userId = handled.baggage(USER_ID);
    return userId == null ? NONE : userId;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
