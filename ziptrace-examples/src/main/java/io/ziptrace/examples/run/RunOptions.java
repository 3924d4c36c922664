package io.ziptrace.examples.run;

import java.net.URI;
import java.util.List;

/** The command line of {@link RunExample}. */
final class RunOptions {
  static final String USAGE = String.join("\n",
      "usage: run-example [--example simple|microservices|vertx|kafka|spring] [--zipkin URL] [--once] [--help]",
      "  --example NAME  which example to run (default: microservices); kafka sends its spans through",
      "                  an in-process Kafka broker to a Zipkin of its own that reads them from there;",
      "                  spring runs two Spring Boot services (WebFlux, Spring MVC with H2) and a scheduled job",
      "  --zipkin URL    an existing Zipkin (base URL, or its /api/v2/spans URL) instead of a local one;",
      "                  not with --example kafka",
      "  --once          exit after printing the trace instead of keeping the local Zipkin up",
      "  -h, --help      print this and exit");

  /** The examples {@code --example} accepts. */
  static final List<String> EXAMPLES = List.of("simple", "microservices", "vertx", "kafka", "spring");
  static final URI LOCAL_ZIPKIN = URI.create("http://127.0.0.1:9411");
  private static final String SPANS_PATH = "/api/v2/spans";

  String example = "microservices";
  URI zipkinBase = LOCAL_ZIPKIN;
  boolean zipkinGiven;
  boolean once;
  boolean help;

  /** Parses the arguments; throws IllegalArgumentException with a message for the user. */
  static RunOptions parse(String... args) {
    RunOptions options = new RunOptions();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-h":
        case "--help":
          options.help = true;
          return options;
        case "--once":
          options.once = true;
          break;
        case "--example":
          options.example = valueOf(args, ++i, "--example");
          if (!EXAMPLES.contains(options.example)) {
            throw new IllegalArgumentException("unknown example: " + options.example);
          }
          break;
        case "--zipkin":
          options.zipkinBase = baseOf(valueOf(args, ++i, "--zipkin"));
          options.zipkinGiven = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (options.zipkinGiven && options.example.equals("kafka")) {
      throw new IllegalArgumentException("--zipkin does not go with --example kafka: its spans travel through the"
          + " example's own Kafka broker, which only a Zipkin that run-example starts reads; leave out --zipkin");
    }
    return options;
  }

  /** The server's base URL, from either its base URL or its span-collection URL. */
  static URI baseOf(String url) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    if (base.endsWith(SPANS_PATH)) base = base.substring(0, base.length() - SPANS_PATH.length());
    URI uri = URI.create(base);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http URL: " + url);
    }
    return uri;
  }

  private static String valueOf(String[] args, int i, String flag) {
    if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
    return args[i];
  }
}
