package dev.baton.backup.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Manifests as JSON: enums by their ids, times as ISO-8601, indented so that an operator can
 * read one with any tool. Unknown fields are ignored so that an older Baton reads a newer
 * manifest's known part.
 */
public final class ManifestJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ManifestJson() {}

  public static byte[] write(Manifest m) {
    try {
      return MAPPER.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest of " + m.id() + " cannot be written as JSON", e);
    }
  }

  public static Manifest read(byte[] json, String what) throws IOException {
    return read(json, Manifest.class, what, "manifest");
  }

  /** Any of the backup module's small JSON records (manifests, binlog sidecars, gap records) in the same form. */
  public static byte[] writeValue(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(value + " cannot be written as JSON", e);
    }
  }

  public static <T> T read(byte[] json, Class<T> type, String what) throws IOException {
    return read(json, type, what, type.getSimpleName() + " record");
  }

  private static <T> T read(byte[] json, Class<T> type, String what, String noun) throws IOException {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      String text = new String(json, 0, Math.min(json.length, 80), StandardCharsets.UTF_8).replace('\n', ' ');
      throw new IOException(what + " is not a readable " + noun + " (" + e.getOriginalMessage() + "): " + text, e);
    }
  }
}
