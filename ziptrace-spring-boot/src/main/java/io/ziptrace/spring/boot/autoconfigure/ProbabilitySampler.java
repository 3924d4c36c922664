package io.ziptrace.spring.boot.autoconfigure;

import io.ziptrace.sampling.Sampler;

/** The sampler for Spring Boot's {@code management.tracing.sampling.probability}. */
final class ProbabilitySampler {
  private ProbabilitySampler() {}

  /**
   * {@link Sampler#ratio} of {@code probability} as written: the property is a {@code float}, and
   * widening 0.1f gives 0.10000000149, so the float's own decimal form is used instead.
   *
   * @throws InvalidTracingPropertyException when {@code probability} is outside 0..1
   */
  static Sampler of(float probability) {
    if (!(probability >= 0f && probability <= 1f)) {
      throw new InvalidTracingPropertyException("management.tracing.sampling.probability", Float.toString(probability),
          "it is between 0.0 (no trace recorded) and 1.0 (every trace)", null);
    }
    return Sampler.ratio(Double.parseDouble(Float.toString(probability)));
  }
}
