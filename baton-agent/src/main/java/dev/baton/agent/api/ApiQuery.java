package dev.baton.agent.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query parameters of a request; a name given twice keeps its last value. */
final class ApiQuery {
  private ApiQuery() {}

  static Map<String, String> parse(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String kv : q.split("&")) {
      String[] p = kv.split("=", 2);
      out.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
          p.length == 2 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }
}
