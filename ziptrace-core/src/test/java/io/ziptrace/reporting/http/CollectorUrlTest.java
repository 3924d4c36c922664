package io.ziptrace.reporting.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CollectorUrlTest {
  @Test
  void otherSchemesAreRejectedAtCreation() {
    assertThatThrownBy(() -> HttpSender.create("ftp://127.0.0.1:9411/api/v2/spans"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("collector URL \"ftp://127.0.0.1:9411/api/v2/spans\" must use http or https, not ftp");
  }

  @Test
  void aMissingSchemeSuggestsHttp() {
    assertThatThrownBy(() -> HttpSender.create("127.0.0.1:9411/api/v2/spans"))
        .hasMessage("collector URL \"127.0.0.1:9411/api/v2/spans\" has no scheme: use http://127.0.0.1:9411/api/v2/spans");
    assertThatThrownBy(() -> HttpSender.builder("localhost:9411"))
        .hasMessage("collector URL \"localhost:9411\" has no scheme: use http://localhost:9411/api/v2/spans");
  }

  @Test
  void noPathOrTheRootIsRejectedWithZipkinsPath() {
    assertThatThrownBy(() -> HttpSender.create("http://zipkin:9411"))
        .hasMessage("collector URL \"http://zipkin:9411\" has no path: Zipkin takes spans at http://zipkin:9411/api/v2/spans");
    assertThatThrownBy(() -> HttpSender.create("https://zipkin/"))
        .hasMessage("collector URL \"https://zipkin/\" has no path: Zipkin takes spans at https://zipkin/api/v2/spans");
  }

  @Test
  void aMissingHostOrBadSyntaxIsRejected() {
    assertThatThrownBy(() -> HttpSender.create("http:///api/v2/spans")).hasMessage("collector URL \"http:///api/v2/spans\" has no host");
    assertThatThrownBy(() -> HttpSender.create("http://zip kin:9411/api/v2/spans"))
        .hasMessageStartingWith("collector URL \"http://zip kin:9411/api/v2/spans\" is not a valid URL: ");
  }

  @Test
  void aPortOutOfRangeOrNotANumberIsRejectedSayingSo() {
    assertThatThrownBy(() -> HttpSender.create("http://zipkin:99999/api/v2/spans"))
        .hasMessage("collector URL \"http://zipkin:99999/api/v2/spans\" has port 99999: a port is from 1 to 65535");
    assertThatThrownBy(() -> HttpSender.create("http://zipkin:0/api/v2/spans"))
        .hasMessage("collector URL \"http://zipkin:0/api/v2/spans\" has port 0: a port is from 1 to 65535");
    assertThatThrownBy(() -> HttpSender.create("http://zipkin:notaport/api/v2/spans"))
        .hasMessage("collector URL \"http://zipkin:notaport/api/v2/spans\" has port \"notaport\", which is not a number from 1 to 65535");
    assertThatThrownBy(() -> HttpSender.create("http://user:s3cret@zipkin:9411x/api/v2/spans"))
        .hasMessage("collector URL \"http://zipkin:9411x/api/v2/spans\" has port \"9411x\", which is not a number from 1 to 65535");
  }

  @Test
  void aSchemeAloneHasNoHost() {
    assertThatThrownBy(() -> HttpSender.create("http://")).hasMessage("collector URL \"http://\" has no host");
  }

  @Test
  void surroundingWhiteSpaceIsIgnored() {
    HttpSender sender = HttpSender.create(" http://127.0.0.1:9411/api/v2/spans\n");
    try {
      assertThat(sender.destination()).isEqualTo("http://127.0.0.1:9411/api/v2/spans");
    } finally {
      sender.close();
    }
  }

  @Test
  void messagesNeverShowCredentialsOrTheQuery() {
    assertThatThrownBy(() -> HttpSender.create("ftp://user:s3cret@zipkin:9411/api/v2/spans?key=k3y"))
        .hasMessage("collector URL \"ftp://zipkin:9411/api/v2/spans\" must use http or https, not ftp");
    assertThatThrownBy(() -> HttpSender.create("user:s3cret@zipkin:9411?key=k3y"))
        .hasMessage("collector URL \"zipkin:9411\" has no scheme: use http://zipkin:9411/api/v2/spans");
    assertThatThrownBy(() -> HttpSender.create("http://user:s3cret@zip kin/api?key=k3y"))
        .message().doesNotContain("s3cret").doesNotContain("k3y");

    HttpSender sender = HttpSender.create("https://user:s3cret@zipkin:9411/api/v2/spans?key=k3y#top");
    try {
      assertThat(sender.destination()).isEqualTo("https://zipkin:9411/api/v2/spans");
      assertThat(sender.toString()).doesNotContain("s3cret").doesNotContain("k3y");
    } finally {
      sender.close();
    }
  }

  @Test
  void redirectsAndNotFoundHintAtThePath() throws Exception {
    assertThat(CollectorUrl.pathHint(new java.net.URI("http://zipkin:9411/zipkin")))
        .isEqualTo("the URL's path is probably wrong: Zipkin takes spans at http://zipkin:9411/api/v2/spans");
  }
}
