package io.ziptrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A baggage field: a named value that travels with a trace's {@link TraceContext}, from a span
 * to its children, across threads with the context you pass, and, for a remote field, to other
 * services in request and message headers. Typical uses: a user or tenant id that every service
 * of a request may log or tag, or a request's priority.
 *
 * <p>Fields are declared up front on the tracer ({@link Tracer.Builder#baggageFields}); only
 * declared fields are read from incoming requests, and only declared remote fields are written on
 * outgoing ones, so an unknown key that arrives is dropped rather than passed on, and a local
 * field never leaves the process.
 *
 * <pre>{@code
 * static final BaggageField USER_ID = BaggageField.remote("user_id").taggedAs("user.id");
 * static final BaggageField TENANT = BaggageField.local("tenant");
 *
 * Tracer tracer = Tracer.builder().baggageFields(USER_ID, TENANT)...build();
 * TraceContext withUser = span.context().withBaggage(USER_ID, "u-42"); // a new context
 * String user = context.baggage(USER_ID);                              // or null
 * }</pre>
 *
 * <p>Remote fields travel in the W3C {@code baggage} header, or in headers of their own for
 * peers that read those instead (Brave's remote baggage fields), or both: see {@link #withHeader}.
 * Immutable; two fields are equal when their names are.
 */
public final class BaggageField {
  private final String name;
  private final boolean remote;
  private final List<String> headerNames;
  private final String tagKey;

  private BaggageField(String name, boolean remote, List<String> headerNames, String tagKey) {
    this.name = name;
    this.remote = remote;
    this.headerNames = headerNames;
    this.tagKey = tagKey;
  }

  /**
   * A field sent to other services, in the W3C {@code baggage} header under {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is not an HTTP token (letters, digits and
   *     {@code !#$%&'*+-.^_`|~}), which the W3C header requires of its keys
   */
  public static BaggageField remote(String name) {
    return new BaggageField(checkedToken(name, "name"), true, List.of(), null);
  }

  /**
   * A field that stays in this process: it travels with the context to children, threads and
   * callbacks, but is never written on an outgoing request or message.
   *
   * @throws NullPointerException when {@code name} is null
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public static BaggageField local(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("a baggage field needs a name");
    return new BaggageField(name, false, List.of(), null);
  }

  /**
   * This field, also read from and written to the header {@code headerName} (as its whole value),
   * for peers that carry baggage in headers of their own rather than the W3C {@code baggage}
   * header, such as services traced by Brave with a remote field {@code user-id} or a prefixed
   * name such as {@code baggage-user-id}. May be called several times; a value found under any of
   * the names is read, and it is written under all of them. The header is written with B3 and
   * W3C propagation alike; with B3 alone, a value sent in it is not repeated in the W3C {@code
   * baggage} header (B3 peers read the field headers), so declare the field the same way on every
   * service that reads it. Case does not matter; the name is kept in lowercase.
   *
   * @throws IllegalArgumentException when this field is local, or {@code headerName} is not an
   *     HTTP token or is a header ziptrace's own propagation uses
   */
  public BaggageField withHeader(String headerName) {
    if (!remote) throw new IllegalArgumentException("baggage field " + name + " is local: only remote fields are sent in headers");
    String lower = checkedToken(headerName, "headerName").toLowerCase(Locale.ROOT);
    if (RESERVED_HEADERS.contains(lower)) {
      throw new IllegalArgumentException("\"" + headerName + "\" is a header ziptrace's propagation already uses");
    }
    List<String> names = new ArrayList<>(headerNames);
    if (!names.contains(lower)) names.add(lower);
    return new BaggageField(name, true, List.copyOf(names), tagKey);
  }

  /**
   * This field, with its value also recorded as the tag {@code tagKey} on every sampled span whose
   * context carries it: to find traces by the value in Zipkin. Off by default, since a value may
   * be personal data that should not be stored with spans.
   *
   * @throws NullPointerException when {@code tagKey} is null
   * @throws IllegalArgumentException when {@code tagKey} is blank
   */
  public BaggageField taggedAs(String tagKey) {
    Objects.requireNonNull(tagKey, "tagKey");
    if (tagKey.isBlank()) throw new IllegalArgumentException("a tag key must not be blank");
    return new BaggageField(name, remote, headerNames, tagKey);
  }

  /** The field's name: its key in the W3C {@code baggage} header. */
  public String name() {
    return name;
  }

  /** True when the field is sent to other services. */
  public boolean isRemote() {
    return remote;
  }

  /** The headers of its own the field is also sent in ({@link #withHeader}), lowercase; often none. */
  public List<String> headerNames() {
    return headerNames;
  }

  /** The tag key its value is recorded under ({@link #taggedAs}), or null when it is not. */
  public String tagKey() {
    return tagKey;
  }

  /** Whether {@code other} is declared exactly as this field: name, kind, headers and tag. */
  boolean sameDeclarationAs(BaggageField other) {
    return name.equals(other.name) && remote == other.remote && headerNames.equals(other.headerNames)
        && java.util.Objects.equals(tagKey, other.tagKey);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof BaggageField && ((BaggageField) o).name.equals(name));
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "BaggageField{" + name + (remote ? ", remote" : ", local") + (headerNames.isEmpty() ? "" : ", headers " + headerNames)
        + (tagKey == null ? "" : ", tag " + tagKey) + "}";
  }

  private static final List<String> RESERVED_HEADERS = List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
      "x-b3-sampled", "x-b3-flags", "traceparent", "tracestate", "baggage");

  private static String checkedToken(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) throw new IllegalArgumentException(what + " must not be empty");
    for (int i = 0; i < value.length(); i++) {
      if (!isTokenChar(value.charAt(i))) {
        throw new IllegalArgumentException(what + " \"" + value + "\" is not an HTTP token: use letters, digits and"
            + " !#$%&'*+-.^_`|~ only");
      }
    }
    return value;
  }

  /** RFC 9110's tchar. */
  static boolean isTokenChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
