package io.ziptrace.examples.spring;

import io.ziptrace.examples.Demo;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The {@code frontend} service: WebFlux on Reactor Netty, whose front page asks the backend
 * through a {@link WebClient} built from Boot's builder, which traces the call and propagates
 * the trace. It has no database of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = DataSourceAutoConfiguration.class)
@Import(FrontendApplication.FrontPage.class)
class FrontendApplication {
  /** The property naming the backend's base URL. */
  static final String BACKEND_URL = "example.backend-url";

  /** The front page: what the backend counts, and the trace id in {@link Demo#TRACE_ID_HEADER}. */
  @RestController
  static final class FrontPage {
    private final WebClient backend;

    FrontPage(WebClient.Builder webClient, Environment environment) {
      this.backend = webClient.baseUrl(environment.getRequiredProperty(BACKEND_URL)).build();
    }

    @GetMapping("/")
    Mono<ResponseEntity<String>> page() {
      return backend.get().uri(BackendApplication.ITEMS_PATH).retrieve().toEntity(String.class)
          .map(answer -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
              .header(Demo.TRACE_ID_HEADER, answer.getHeaders().getFirst(Demo.TRACE_ID_HEADER))
              .body("The backend has " + answer.getBody() + " kinds of items in stock.\n"));
    }
  }
}
