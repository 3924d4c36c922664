package io.ziptrace.benchmarks.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /users/{id}}: a short text body, the same for every tracer. */
@RestController
class UsersController {
  @GetMapping("/users/{id}")
  String user(@PathVariable("id") String id) {
    return "user " + id;
  }
}
