package io.ziptrace.examples.run;

import io.ziptrace.internal.Phrases;
import io.ziptrace.zipkin.Zipkin;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.Endpoint;
import io.ziptrace.examples.Demo;
import io.ziptrace.examples.SimpleExample;
import io.ziptrace.examples.kafka.KafkaDemo;
import io.ziptrace.examples.microservices.MicroservicesDemo;
import io.ziptrace.examples.vertx.VertxDemo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Runs an example against a real Zipkin and prints where to see its trace: a line {@code trace:
 * <id>} and a line {@code ui: <url>}. Starts a local Zipkin server (the jar named by the system
 * property {@code zipkin.server.jar}) unless one already answers or {@code --zipkin} names one.
 * The Kafka example also starts a Kafka broker in this process, and always a Zipkin of its own
 * reading spans from it (see {@link KafkaBackends}). The Spring Boot example lives in a module of
 * its own, found as an {@link ExampleModule}.
 */
public final class RunExample {
  private static final Duration ZIPKIN_START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

  private RunExample() {}

  /**
   * Entry point; see {@link RunOptions#USAGE}. Prints the usage and exits with 0 for {@code --help},
   * exits with 2 for a bad argument and with 1 when the trace did not arrive.
   */
  public static void main(String[] args) throws Exception {
    RunOptions options;
    try {
      options = RunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(RunOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.println(RunOptions.USAGE);
      return;
    }
    if (options.zipkinGiven) {
      Optional<String> cause = ZipkinProcess.whyNothingAnswers(options.zipkinBase);
      if (cause.isPresent()) {
        System.err.println(nothingAnswers(options.zipkinBase, cause.get()));
        System.exit(1);
        return;
      }
    }
    KafkaBackends kafka = options.example.equals("kafka") ? startKafkaBackends(options) : null;
    ZipkinProcess zipkin = kafka != null ? kafka.zipkin
        : options.zipkinGiven ? ZipkinProcess.existing(options.zipkinBase)
        : startLocalZipkin(options);
    boolean complete;
    Demo demo = null;
    try {
      if (options.example.equals("simple")) {
        complete = runSimple(zipkin);
      } else if (options.example.equals("spring")) {
        ExampleModule module = exampleModule(options.example);
        demo = module.start(zipkin.baseUrl());
        complete = runModule(module, demo, zipkin);
      } else if (kafka != null) {
        String bootstrap = kafka.kafka.bootstrapServers();
        demo = KafkaDemo.start(bootstrap, KafkaDemo.tracersThroughKafka(bootstrap), zipkin.baseUrl());
        complete = runDemo(demo, KafkaDemo.SPANS_PER_REQUEST, KafkaDemo.SPANS_SHOWN_IN_UI, zipkin);
        if (complete) System.out.println("Its spans reached Zipkin through Kafka topic zipkin: each service reports with a KafkaSender.");
      } else {
        Function<Endpoint, Tracer> tracers = endpoint -> Zipkin.tracer(zipkin.spansUrl(), endpoint, 1.0);
        if (options.example.equals("vertx")) {
          demo = VertxDemo.start(tracers, zipkin.baseUrl());
          complete = runDemo(demo, VertxDemo.SPANS_PER_REQUEST, VertxDemo.SPANS_SHOWN_IN_UI, zipkin);
        } else {
          demo = MicroservicesDemo.start(tracers, zipkin.baseUrl());
          complete = runDemo(demo, MicroservicesDemo.SPANS_PER_REQUEST, MicroservicesDemo.SERVICES, zipkin);
        }
      }
    } catch (Exception | Error e) {
      stop(demo, zipkin, kafka);
      throw e;
    }
    if (!complete || options.once || !zipkin.startedHere()) {
      stop(demo, zipkin, kafka);
      System.exit(complete ? 0 : 1);
    }
    if (demo != null) System.out.println("The demo's front page is at " + demo.frontUrl());
    System.out.println("Zipkin is running at " + zipkin.baseUrl() + "/zipkin/ - press Ctrl-C to stop it"
        + (kafka != null ? " and the Kafka broker." : "."));
    Demo running = demo;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running, zipkin, kafka)));
    Thread.currentThread().join();
  }

  /** Stops the demo, which sends its last spans, then Zipkin, then the Kafka broker, whichever run. */
  private static void stop(Demo demo, ZipkinProcess zipkin, KafkaBackends kafka) {
    try {
      if (demo != null) demo.close();
    } finally {
      if (kafka != null) kafka.close();
      else zipkin.close();
    }
  }

  /** The one line saying that {@code --zipkin} names a URL where nothing answers; run-example prints the same. */
  static String nothingAnswers(URI zipkin, String cause) {
    return "No Zipkin answers at " + zipkin + " (" + cause
        + "): start one, or leave out --zipkin to have run-example start one";
  }

  private static KafkaBackends startKafkaBackends(RunOptions options) throws Exception {
    String jar = System.getProperty("zipkin.server.jar");
    return KafkaBackends.start(options.zipkinBase, jar == null ? null : Path.of(jar), ZIPKIN_START_TIMEOUT);
  }

  private static ZipkinProcess startLocalZipkin(RunOptions options) throws Exception {
    String jar = System.getProperty("zipkin.server.jar");
    if (!ZipkinProcess.isHealthy(options.zipkinBase)) {
      System.out.println("Starting Zipkin at " + options.zipkinBase + " ...");
    }
    return ZipkinProcess.startOrReuse(options.zipkinBase, jar == null ? null : Path.of(jar),
        Path.of("target", "zipkin-server.log"), ZIPKIN_START_TIMEOUT);
  }

  /** Runs the simple example, prints its trace, and returns whether Zipkin has it. */
  private static boolean runSimple(ZipkinProcess zipkin) throws Exception {
    TraceContext context;
    try (Tracer tracer = Zipkin.tracer(zipkin.spansUrl(), SimpleExample.endpoint(), 1.0)) {
      context = SimpleExample.traceSlowQuery(tracer);
    } // close() flushes the finished span to Zipkin
    return printAndCheck(zipkin, context.traceIdString(), 1);
  }

  /**
   * Sends one request through the demo, prints its trace, and returns whether Zipkin has all its
   * {@code spans}; then prints why the UI counts fewer ({@code shownInUi}), and the Dependencies page.
   */
  private static boolean runDemo(Demo demo, int spans, int shownInUi, ZipkinProcess zipkin) throws Exception {
    Instant firstRequest = Instant.now();
    String traceId = demo.sendRequest();
    if (!printAndCheck(zipkin, traceId, spans)) return false;
    System.out.println("The UI says \"Total Spans " + shownInUi + "\": it shows each client span"
        + " and the server span it called, which share an id, as one.");
    System.out.println("dependencies: " + zipkin.dependenciesUiUrl(firstRequest));
    return true;
  }

  /** The example module of that name on the class path. */
  private static ExampleModule exampleModule(String name) {
    for (ExampleModule module : ServiceLoader.load(ExampleModule.class)) {
      if (module.name().equals(name)) return module;
    }
    throw new IllegalStateException("The " + name + " example is not on the class path; run it with"
        + " ./run-example --example " + name);
  }

  /**
   * Sends one request through the module's demo and prints its trace, then the trace the demo
   * makes of its own; returns whether Zipkin has both complete.
   */
  private static boolean runModule(ExampleModule module, Demo demo, ZipkinProcess zipkin) throws Exception {
    Instant firstRequest = Instant.now();
    String traceId = demo.sendRequest();
    if (!printAndCheck(zipkin, traceId, module.spansPerRequest())) return false;
    if (module.spansOfOwnTrace() > 0) {
      Optional<String> own = module.ownTraceId(demo, TRACE_TIMEOUT);
      if (own.isEmpty()) {
        System.err.println(module.ownTraceName() + " did not run within " + Phrases.duration(TRACE_TIMEOUT));
        return false;
      }
      System.out.println(module.ownTraceName() + " made a trace of its own:");
      if (!printAndCheck(zipkin, own.get(), module.spansOfOwnTrace())) return false;
    }
    System.out.println("dependencies: " + zipkin.dependenciesUiUrl(firstRequest));
    return true;
  }

  private static boolean printAndCheck(ZipkinProcess zipkin, String traceId, int spanCount) throws InterruptedException {
    System.out.println("trace: " + traceId);
    System.out.println("ui: " + zipkin.traceUiUrl(traceId));
    if (zipkin.awaitTrace(traceId, spanCount, TRACE_TIMEOUT) == null) {
      System.err.println("Zipkin at " + zipkin.baseUrl() + " did not return the trace's " + spanCount
          + " spans within " + Phrases.duration(TRACE_TIMEOUT));
      return false;
    }
    System.out.println("Zipkin has the complete trace: " + spanCount + (spanCount == 1 ? " span." : " spans."));
    return true;
  }
}
