package io.reactivemesh.registry;

import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;

import java.util.Objects;

/**
 * One live instance of a mesh service: which service, which instance, on which node, at which event-bus address
 * ({@code mesh.svc.<service>.<instanceId>}), its version and free-form metadata.
 */
public record ServiceRecord(String service, String instanceId, String nodeId, String nodeName, String address,
                            String version, JsonObject metadata) {

  /** The discovery record type of mesh service instances. */
  public static final String TYPE = "mesh-service";
  public static final String ADDRESS_PREFIX = "mesh.svc.";

  public ServiceRecord {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(address, "address");
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /** The event-bus address an instance consumes: the mesh picks the instance, not the event bus. */
  public static String addressOf(String service, String instanceId) {
    return ADDRESS_PREFIX + service + "." + instanceId;
  }

  Record toDiscoveryRecord() {
    return new Record()
      .setName(service)
      .setType(TYPE)
      .setLocation(new JsonObject().put("endpoint", address))
      .setMetadata(new JsonObject()
        .put("instanceId", instanceId)
        .put("nodeId", nodeId)
        .put("nodeName", nodeName)
        .put("version", version)
        .put("meta", metadata));
  }

  /** The mesh record inside a discovery record, or null when the record is not a mesh service instance. */
  static ServiceRecord fromDiscoveryRecord(Record record) {
    JsonObject meta = record.getMetadata();
    if (!TYPE.equals(record.getType()) || meta == null || meta.getString("instanceId") == null
      || record.getLocation() == null) {
      return null;
    }
    return new ServiceRecord(record.getName(), meta.getString("instanceId"), meta.getString("nodeId"),
      meta.getString("nodeName"), record.getLocation().getString("endpoint"), meta.getString("version"),
      meta.getJsonObject("meta"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("service", service)
      .put("instanceId", instanceId)
      .put("node", nodeName)
      .put("nodeId", nodeId)
      .put("address", address)
      .put("version", version)
      .put("metadata", metadata);
  }
}
