package io.ziptrace.examples.spring;

import io.ziptrace.examples.Demo;
import io.ziptrace.micrometer.ZiptraceMicrometer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code backend} service: Spring MVC on Tomcat, answering {@code GET /items/in-stock} from
 * its H2 database, and a job that checks the stock once shortly after start, in a trace of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@Import({Inventory.class, BackendApplication.Items.class, BackendApplication.StockCheck.class})
class BackendApplication {
  /** The path the frontend calls. */
  static final String ITEMS_PATH = "/items/in-stock";

  /** Answers how many items are in stock, with the request's trace id in {@link Demo#TRACE_ID_HEADER}. */
  @RestController
  static final class Items {
    private final Inventory inventory;
    private final ZiptraceMicrometer tracing;

    Items(Inventory inventory, ZiptraceMicrometer tracing) {
      this.inventory = inventory;
      this.tracing = tracing;
    }

    @GetMapping(ITEMS_PATH)
    ResponseEntity<String> inStock() {
      int count = inventory.countInStock();
      return ResponseEntity.ok().header(Demo.TRACE_ID_HEADER, tracing.currentContext().traceIdString())
          .body(String.valueOf(count));
    }
  }

  /** Checks the stock once, half a second after start; Boot traces each run of a scheduled task. */
  static final class StockCheck {
    private final Inventory inventory;
    private final ZiptraceMicrometer tracing;
    private final CompletableFuture<String> traceId = new CompletableFuture<>();

    StockCheck(Inventory inventory, ZiptraceMicrometer tracing) {
      this.inventory = inventory;
      this.tracing = tracing;
    }

    @Scheduled(initialDelay = 500, timeUnit = TimeUnit.MILLISECONDS)
    void checkStock() {
      inventory.countInStock();
      traceId.complete(tracing.currentContext().traceIdString());
    }

    /** The trace id of the check, once it ran; null if it did not within {@code timeout}. */
    String awaitTraceId(Duration timeout) throws InterruptedException {
      try {
        return traceId.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        return null;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }
}
