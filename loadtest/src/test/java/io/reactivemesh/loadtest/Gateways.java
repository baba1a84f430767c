package io.reactivemesh.loadtest;

import java.util.Arrays;
import java.util.List;

/** The gateway base URLs a simulation spreads its traffic across, from {@code -Dgateways=url1,url2,...}. */
public final class Gateways {

  public static final String PROPERTY = "gateways";
  public static final String DEFAULT = "http://127.0.0.1:8080";

  private Gateways() {
  }

  public static List<String> fromSystemProperty() {
    List<String> urls = Arrays.stream(System.getProperty(PROPERTY, DEFAULT).split(","))
      .map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must list at least one gateway URL");
    }
    return urls;
  }
}
