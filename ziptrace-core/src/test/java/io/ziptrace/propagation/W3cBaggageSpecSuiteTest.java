package io.ziptrace.propagation;

import static io.ziptrace.propagation.W3cBaggageTest.ALL;
import static io.ziptrace.propagation.W3cBaggageTest.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.propagation.W3cBaggage.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of the W3C Baggage spec's own test suite (test/test_baggage.py in the w3c/baggage
 * repository), restated for this codec. Properties are checked but not kept here, so where a case
 * inspects properties it asserts that the member is kept with its key and value.
 */
class W3cBaggageSpecSuiteTest {
  /** The encoded form the suite uses for its value with special characters. */
  static final String SPECIAL = "\t \"';=asdf!@#$%^&*()";
  static final String SPECIAL_ENCODED = "%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29";

  static Stream<Arguments> headers() {
    List<Member> one = List.of(m("SomeKey", "SomeValue"));
    List<Member> two = List.of(m("SomeKey", "SomeValue"), m("SomeKey2", "SomeValue2"));
    return Stream.of(
        Arguments.of("simple", "SomeKey=SomeValue", one),
        Arguments.of("simple with whitespace", "SomeKey \t = \t SomeValue \t ", one),
        Arguments.of("several members with properties",
            "SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal", two),
        Arguments.of("several members with properties and whitespace",
            "SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t ValueProp \t = \t PropVal",
            two),
        Arguments.of("several members with key-value properties",
            "SomeKey=SomeValue;SomePropKey=SomePropValue,SomeKey2=SomeValue2;SomePropKey2=SomePropValue2", two),
        Arguments.of("several members with key-value properties and whitespace",
            "SomeKey \t = \t SomeValue \t ; \t SomePropKey=SomePropValue \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t SomePropKey2 \t = \t SomePropValue2",
            two),
        Arguments.of("equals signs in the value", "SomeKey=SomeValue=equals", List.of(m("SomeKey", "SomeValue=equals"))),
        Arguments.of("percent-encoded value", "SomeKey=" + SPECIAL_ENCODED, List.of(m("SomeKey", SPECIAL))),
        Arguments.of("percent-encoded value with whitespace", "SomeKey \t = \t " + SPECIAL_ENCODED + " \t ",
            List.of(m("SomeKey", SPECIAL))),
        Arguments.of("property", "SomeKey=SomeValue;SomeProp", one),
        Arguments.of("property with whitespace", "SomeKey \t = \t SomeValue \t ; \t SomeProp", one),
        Arguments.of("two properties", "SomeKey=SomeValue;SomeProp;SecondProp=PropValue", one),
        Arguments.of("two properties with whitespace",
            "SomeKey \t = \t SomeValue \t ; \t SomeProp \t ; \t SecondProp \t = \t PropValue", one),
        Arguments.of("properties with the same name",
            "SomeKey=SomeValue;SomeProp;SomeProp=PropValue;SomeProp=AnotherPropValue", one),
        Arguments.of("key-value property", "SomeKey=SomeValue;SomePropKey=SomePropValue", one),
        Arguments.of("key-value property with whitespace",
            "SomeKey \t = \t SomeValue \t ; \t SomePropKey \t = \t SomePropValue", one),
        Arguments.of("percent-encoded property value", "SomeKey=SomeValue;SomePropKey=" + SPECIAL_ENCODED, one),
        // '%' is a token character, so an encoded "key = value" is one property key, never decoded.
        Arguments.of("encoded property key", "SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal", one));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headers")
  void parses(String description, String header, List<Member> expected) {
    assertThat(W3cBaggage.parse(List.of(header), ALL)).isEqualTo(expected);
  }

  @Test
  void formatEncodesWhatThePercentEncodedValueCaseNeeds() {
    // The suite's encoder also escapes optional characters; this one escapes only what the spec requires.
    String header = W3cBaggage.format(List.of(m("SomeKey", SPECIAL)));

    assertThat(header).isEqualTo("SomeKey=%09%20%22'%3B=asdf!@#$%25^&*()");
    assertThat(W3cBaggage.parse(List.of(header), ALL)).containsExactly(m("SomeKey", SPECIAL));
  }

  @Test
  void atLeast64MembersAreWritten() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 64; i++) members.add(m("key" + i, "value"));

    String header = W3cBaggage.format(members);

    assertThat(header.split(",")).hasSize(64);
    assertThat(W3cBaggage.parse(List.of(header), ALL)).isEqualTo(members);
  }

  @Test
  void aMemberOf8192BytesIsWrittenAndRead() {
    Member member = m("a", "0123456789".repeat(819));

    String header = W3cBaggage.format(List.of(member));

    assertThat(header).hasSize(8192);
    assertThat(W3cBaggage.parse(List.of(header), ALL)).containsExactly(member);
  }

  @Test
  void manySmallMembersIn8192Bytes() {
    // 512 members of 15 bytes joined by commas, the last value one byte longer: 8192 bytes. Past
    // 64 members the spec allows dropping members; this codec keeps the first 64.
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 512; i++) members.add(String.format("%03d=0123456789a", i));
    String header = String.join(",", members) + "b";
    assertThat(header).hasSize(8192);

    List<Member> parsed = W3cBaggage.parse(List.of(header), ALL);

    assertThat(parsed).hasSize(64);
    assertThat(parsed.get(0)).isEqualTo(m("000", "0123456789a"));
    assertThat(parsed.get(63)).isEqualTo(m("063", "0123456789a"));
    assertThat(W3cBaggage.parse(List.of(header), key -> key.equals("511"))).containsExactly(m("511", "0123456789ab"));
  }
}
