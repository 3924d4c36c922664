package io.ziptrace.benchmarks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application of the Spring Boot overhead benchmark: one Spring MVC endpoint ({@link
 * UsersController}), with actuator, traced by whichever tracer its class path holds. The benchmark
 * starts it in a child JVM per tracer with the same arguments and reads the port it listens on from
 * the line {@value #PORT_LINE} followed by the number, printed once it serves.
 */
@SpringBootApplication
public class UsersApplication {
  /** What the line naming the port starts with. */
  public static final String PORT_LINE = "listening on port ";

  /** Runs the application with Spring Boot's command-line arguments ({@code --server.port=0} and so on). */
  public static void main(String[] args) {
    ConfigurableApplicationContext app = SpringApplication.run(UsersApplication.class, args);
    System.out.println(PORT_LINE + app.getEnvironment().getProperty("local.server.port"));
  }
}
