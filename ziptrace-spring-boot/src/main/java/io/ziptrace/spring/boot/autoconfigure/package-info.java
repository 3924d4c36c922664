/**
 * Spring Boot 4 auto-configuration that traces an application's Micrometer Observations with
 * ziptrace and reports the spans to Zipkin, configured by Spring Boot's own {@code
 * management.tracing.*} properties: add {@code io.ziptrace:ziptrace-spring-boot-starter} in place
 * of {@code spring-boot-starter-zipkin}.
 *
 * <p>The auto-configuration classes are public because Spring Boot loads them by name; they are
 * not for direct use, and every bean they define gives way to one of the application's own.
 */
package io.ziptrace.spring.boot.autoconfigure;
