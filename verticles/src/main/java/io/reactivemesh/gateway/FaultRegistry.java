package io.reactivemesh.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault injection in force on this node, per route name: starts from the conf and is changed at run time through
 * the admin endpoint, whose changes every node applies ({@link #CHANGED_ADDRESS}). Shared by the node's gateway instances.
 */
public final class FaultRegistry implements Shareable {

  /** Published with {route, fault} when an operator changes a route's fault: every node applies it. */
  public static final String CHANGED_ADDRESS = "mesh.gateway.fault-changed";
  /** Local-only: published by a node's gateway once it applies a change, {route, fault}. */
  public static final String APPLIED_ADDRESS = "mesh.gateway.fault-applied";
  static final String LOCAL_MAP = "mesh.gateway";
  static final String KEY = "faults";

  private final Map<String, FaultConfig> faults = new ConcurrentHashMap<>();

  static FaultRegistry of(Vertx vertx) {
    var map = vertx.sharedData().<String, FaultRegistry>getLocalMap(LOCAL_MAP);
    FaultRegistry created = new FaultRegistry();
    FaultRegistry existing = map.putIfAbsent(KEY, created);
    return existing == null ? created : existing;
  }

  /** Registers a route's fault from the conf, unless an operator already changed it on this node. */
  void register(RouteConfig route) {
    faults.putIfAbsent(route.name(), route.fault());
  }

  FaultConfig get(String route) {
    return faults.getOrDefault(route, FaultConfig.NONE);
  }

  boolean knows(String route) {
    return faults.containsKey(route);
  }

  void set(String route, FaultConfig fault) {
    faults.put(route, fault);
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    new TreeMap<>(faults).forEach((route, fault) -> json.put(route, fault.toJson()));
    return json;
  }
}
