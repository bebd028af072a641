package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.json.Json;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Routes;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary tensor data extension on a real server: inputs sent as little-endian bytes after the
 * JSON give the answers their JSON data gives, outputs asked for as binary carry the values the
 * JSON answer has, and every damaged binary request is a 4xx that names its fault.
 */
class OipBinaryTest {
  private static final String INFER = "/v2/models/payments/infer";
  private static final String HEADER = "Inference-Header-Content-Length";

  @TempDir Path logDir;
  private PaymentsServer payments;
  private ServingClient client;
  private ServedModel model;
  private List<Map<String, Object>> rows;

  @BeforeEach
  void start() {
    payments = new PaymentsServer(logDir);
    model = payments.model;
    client = payments.client;
    rows = new ArrayList<>();
    for (Map<String, Object> row : Requests.records(model, PaymentsModel.rows(40, 17))) {
      if (!row.containsValue(null)) {
        rows.add(row); // binary data has no null
      }
    }
    assertThat(rows).hasSizeGreaterThan(5);
  }

  @AfterEach
  void stop() {
    payments.close();
  }

  /** A tensor's values as bytes of its datatype (little-endian; BYTES length-prefixed). */
  private static byte[] encode(String datatype, List<Object> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (Object v : values) {
      b.clear();
      switch (datatype) {
        case "FP64" -> b.putDouble(((Number) v).doubleValue());
        case "FP32" -> b.putFloat(((Number) v).floatValue());
        case "INT64" -> b.putLong(((Number) v).longValue());
        case "INT32" -> b.putInt(((Number) v).intValue());
        case "BOOL" -> b.put((byte) ((Boolean) v ? 1 : 0));
        default -> {
          byte[] s = v.toString().getBytes(StandardCharsets.UTF_8);
          b.putInt(s.length);
          out.write(b.array(), 0, 4);
          out.writeBytes(s);
          continue;
        }
      }
      out.write(b.array(), 0, b.position());
    }
    return out.toByteArray();
  }

  /** The request: every input with its JSON datatype, those in {@code binary} as binary data. */
  private byte[] request(Set<String> binary, ObjectNode extra) throws Exception {
    ObjectNode body = extra == null ? Json.mapper().createObjectNode() : extra.deepCopy();
    ArrayNode inputs = body.putArray("inputs");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (InputField f : model.inputs()) {
      ObjectNode t = inputs.addObject();
      t.put("name", f.name());
      t.put("datatype", f.oipDatatype());
      t.putArray("shape").add(rows.size());
      List<Object> values = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        values.add(row.get(f.name()));
      }
      if (binary.contains(f.name())) {
        byte[] bytes = encode(f.oipDatatype(), values);
        t.putObject("parameters").put("binary_data_size", bytes.length);
        data.writeBytes(bytes);
      } else {
        ArrayNode d = t.putArray("data");
        values.forEach(d::addPOJO);
      }
    }
    byte[] json = Requests.write(body).getBytes(StandardCharsets.UTF_8);
    return concat(json, data.toByteArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static int jsonLength(byte[] request, Set<String> binary) {
    // the JSON part ends at the last '}' before the binary bytes: found from the known sizes
    return request.length - binaryBytes(request, binary);
  }

  private static int binaryBytes(byte[] request, Set<String> binary) {
    JsonNode json = null;
    for (int end = request.length; end > 0 && json == null; end--) {
      if (request[end - 1] == '}') {
        try {
          json = Json.mapper().readTree(new String(request, 0, end, StandardCharsets.UTF_8));
        } catch (Exception e) {
          // not the end of the JSON yet
        }
      }
    }
    int n = 0;
    for (JsonNode t : Objects.requireNonNull(json).get("inputs")) {
      n += t.path("parameters").path("binary_data_size").asInt(0);
    }
    return n;
  }

  private HttpResponse<byte[]> send(byte[] request, Set<String> binary) throws Exception {
    return client.bytes(
        INFER,
        "application/octet-stream",
        request,
        HEADER,
        Integer.toString(jsonLength(request, binary)));
  }

  private JsonNode jsonAnswer(ObjectNode extra) throws Exception {
    HttpResponse<byte[]> r = client.bytes(INFER, "application/json", request(Set.of(), extra));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private Set<String> allInputs() {
    Set<String> all = new java.util.HashSet<>();
    model.inputs().forEach(f -> all.add(f.name()));
    return all;
  }

  @Test
  void binaryInputsGiveTheAnswersTheirJsonDataGives() throws Exception {
    JsonNode expected = jsonAnswer(null).get("outputs");
    Set<String> all = allInputs();
    Set<String> some = Set.of(model.inputs().get(0).name(), model.inputs().get(2).name());
    for (Set<String> binary : List.of(all, some)) {
      HttpResponse<byte[]> r = send(request(binary, null), binary);
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(Json.mapper().readTree(r.body()).get("outputs")).isEqualTo(expected);
    }
    // the server says it speaks the extension
    assertThat(Json.mapper().readTree(client.get("/v2").body()).get("extensions").toString())
        .contains("binary_tensor_data");
  }

  @Test
  void outputsAskedForAsBinaryCarryTheJsonAnswersValues() throws Exception {
    JsonNode expected = jsonAnswer(null).get("outputs");
    ObjectNode all = Json.mapper().createObjectNode();
    all.putObject("parameters").put("binary_data_output", true);
    ObjectNode one = Json.mapper().createObjectNode();
    ArrayNode outputs = one.putArray("outputs");
    outputs.addObject().put("name", "predict");
    outputs.addObject().put("name", "probability").putObject("parameters").put("binary_data", true);
    int n = rows.size();
    for (ObjectNode extra : List.of(all, one)) {
      HttpResponse<byte[]> r = client.bytes(INFER, "application/json", request(Set.of(), extra));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
      int json = Integer.parseInt(r.headers().firstValue(HEADER).orElseThrow());
      JsonNode head = Json.mapper().readTree(new String(r.body(), 0, json, StandardCharsets.UTF_8));
      ByteBuffer data = ByteBuffer.wrap(r.body(), json, r.body().length - json);
      data.order(ByteOrder.LITTLE_ENDIAN);
      JsonNode predict = head.get("outputs").get(0);
      JsonNode probability = head.get("outputs").get(1);
      assertThat(probability.get("data")).isNull();
      assertThat(probability.at("/parameters/binary_data_size").asInt()).isEqualTo(16 * n);
      assertThat(probability.get("shape").toString()).isEqualTo("[" + n + ",2]");
      boolean predictBinary = extra == all;
      assertThat(predict.has("data")).isEqualTo(!predictBinary);
      for (int r2 = 0; r2 < n; r2++) {
        long label = predictBinary ? data.getLong() : predict.get("data").get(r2).longValue();
        assertThat(label).isEqualTo(expected.get(0).get("data").get(r2).longValue());
      }
      for (int i = 0; i < 2 * n; i++) {
        assertThat(data.getDouble()).isEqualTo(expected.get(1).get("data").get(i).doubleValue());
      }
      assertThat(data.hasRemaining()).isFalse();
    }
  }

  @Test
  void otherDatatypesAreReadInTheirOwnSize() throws Exception {
    // a float input sent as FP32 and an integer one as INT32: the same answer as their JSON
    InputField amount = model.input("amount");
    InputField age = model.input("customer_age");
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode inputs = body.putArray("inputs");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ObjectNode jsonBody = Json.mapper().createObjectNode();
    ArrayNode jsonInputs = jsonBody.putArray("inputs");
    for (InputField f : model.inputs()) {
      List<Object> values = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        Object v = row.get(f.name());
        values.add(f == amount ? (double) ((Number) v).floatValue() : v);
      }
      ObjectNode t = inputs.addObject().put("name", f.name());
      ObjectNode j = jsonInputs.addObject().put("name", f.name());
      j.put("datatype", f.oipDatatype()).putArray("shape").add(rows.size());
      values.forEach(j.putArray("data")::addPOJO);
      String type = f == amount ? "FP32" : f == age ? "INT32" : f.oipDatatype();
      t.put("datatype", type).putArray("shape").add(rows.size()).add(1);
      byte[] bytes = encode(type, values);
      t.putObject("parameters").put("binary_data_size", bytes.length);
      data.writeBytes(bytes);
    }
    byte[] json = Requests.write(body).getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r =
        client.bytes(
            INFER, null, concat(json, data.toByteArray()), HEADER, Integer.toString(json.length));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    JsonNode expected =
        Json.mapper()
            .readTree(
                client
                    .bytes(
                        INFER,
                        "application/json",
                        Requests.write(jsonBody).getBytes(StandardCharsets.UTF_8))
                    .body());
    assertThat(Json.mapper().readTree(r.body()).get("outputs")).isEqualTo(expected.get("outputs"));
  }

  @Test
  void halfFloatsReadAsIeee754Says() throws Exception {
    assertThat(BinaryTensors.half((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(BinaryTensors.half((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(BinaryTensors.half((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(BinaryTensors.half((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(BinaryTensors.half((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
    assertThat(BinaryTensors.half((short) 0x0400)).isEqualTo(0x1p-14f);
    assertThat(Float.floatToRawIntBits(BinaryTensors.half((short) 0x8000))).isEqualTo(0x80000000);
    assertThat(BinaryTensors.half((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(BinaryTensors.half((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(BinaryTensors.half((short) 0x7E00)).isNaN();
    // every half against the JDK's own conversion where it has one (Java 20+)
    Method jdk;
    try {
      jdk = Float.class.getMethod("float16ToFloat", short.class);
    } catch (NoSuchMethodException e) {
      return; // JDK 17: the values above are the check
    }
    for (int h = 0; h < 1 << 16; h++) {
      float want = (float) jdk.invoke(null, (short) h);
      float got = BinaryTensors.half((short) h);
      if (Float.isNaN(want)) {
        assertThat(got).as("0x%04x", h).isNaN();
      } else {
        assertThat(Float.floatToRawIntBits(got))
            .as("0x%04x", h)
            .isEqualTo(Float.floatToRawIntBits(want));
      }
    }
  }

  private String fault(byte[] body, String header, String contentType) throws Exception {
    HttpResponse<byte[]> r =
        header == null
            ? client.bytes(INFER, contentType, body)
            : client.bytes(INFER, contentType, body, HEADER, header);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(text).isBetween(400, 499);
    return Json.mapper().readTree(text).get("message").asText();
  }

  @Test
  void damagedBinaryRequestsAre4xxThatNameTheFault() throws Exception {
    Set<String> all = allInputs();
    byte[] good = request(all, null);
    int json = jsonLength(good, all);
    String ok = Integer.toString(json);
    String octets = "application/octet-stream";
    assertThat(fault(good, "abc", octets)).contains(HEADER);
    assertThat(fault(good, "0", octets)).contains(HEADER);
    assertThat(fault(good, "-5", octets)).contains(HEADER);
    assertThat(fault(good, Integer.toString(good.length + 1), octets)).contains(HEADER);
    assertThat(fault(good, ok, "text/plain")).contains("Content-Type");
    // the header cuts the JSON short
    assertThat(fault(good, Integer.toString(json - 3), octets)).isNotBlank();
    // binary_data_size without a binary part
    assertThat(fault(java.util.Arrays.copyOf(good, json), null, "application/json"))
        .contains("binary_data_size but the request has no binary data");
    // bytes no input accounts for, and bytes missing
    assertThat(fault(concat(good, new byte[] {1, 2, 3}), ok, octets))
        .contains("3 bytes of binary data that no input's binary_data_size accounts for");
    assertThat(fault(java.util.Arrays.copyOf(good, good.length - 1), ok, octets))
        .contains("bytes of binary data are left");
    // a size that does not fit the shape: a float input (FP64) one value short
    String first = "amount";
    int index = model.inputs().indexOf(model.input(first));
    byte[] shortSize = request(Set.of(first), null);
    String text = new String(shortSize, StandardCharsets.ISO_8859_1);
    int size = 8 * rows.size();
    byte[] shrunk =
        text.substring(0, jsonLength(shortSize, Set.of(first)))
            .replace("\"binary_data_size\":" + size, "\"binary_data_size\":" + (size - 8))
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] damaged =
        concat(
            shrunk,
            java.util.Arrays.copyOfRange(shortSize, shortSize.length - size + 8, shortSize.length));
    assertThat(fault(damaged, Integer.toString(shrunk.length), octets))
        .contains(
            "inputs[" + index + "] ('" + first + "') has shape [" + rows.size() + "] of FP64");
    // data and binary_data_size together; sizes that are not sizes
    String both =
        new String(good, 0, json, StandardCharsets.ISO_8859_1)
            .replaceFirst("\"parameters\":", "\"data\":[1],\"parameters\":");
    assertThat(fault(both.getBytes(StandardCharsets.ISO_8859_1), null, "application/json"))
        .isNotBlank();
    for (String bad : List.of("-1", "\"8\"", "1.5", "true", "99999999999999999999")) {
      String s =
          new String(good, 0, json, StandardCharsets.ISO_8859_1)
              .replaceFirst("\"binary_data_size\":[0-9]+", "\"binary_data_size\":" + bad);
      assertThat(fault(s.getBytes(StandardCharsets.ISO_8859_1), null, "application/json"))
          .as(bad)
          .contains("binary_data_size must be a whole number of bytes");
    }
    ObjectNode yes = Json.mapper().createObjectNode();
    yes.putObject("parameters").put("binary_data_output", "yes");
    assertThat(fault(request(Set.of(), yes), null, "application/json"))
        .contains("binary_data_output must be true or false");
  }

  @Test
  void badBinaryValuesAreNamed() throws Exception {
    // a BOOL byte of 2, and a BYTES value whose length runs past the end
    InputField bool = null;
    InputField text = null;
    for (InputField f : model.inputs()) {
      if (f.oipDatatype().equals("BOOL")) {
        bool = f;
      } else if (f.oipDatatype().equals("BYTES")) {
        text = f;
      }
    }
    assertThat(bool).isNotNull();
    assertThat(text).isNotNull();
    for (InputField f : List.of(bool, text)) {
      byte[] good = request(Set.of(f.name()), null);
      int json = jsonLength(good, Set.of(f.name()));
      byte[] bad = good.clone();
      if (f == bool) {
        bad[json] = 2;
      } else {
        bad[json] = (byte) 0xFF; // the first length: 255 + …
      }
      HttpResponse<byte[]> r =
          client.bytes(INFER, "application/octet-stream", bad, HEADER, Integer.toString(json));
      String message = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(r.statusCode()).as(message).isEqualTo(400);
      assertThat(message).contains("'" + f.name() + "'");
      assertThat(message).contains(f == bool ? "a BOOL is 0 or 1" : "are left");
    }
  }

  @Test
  void twoThousandDamagedBinaryBodiesGetNo5xx() throws Exception {
    Set<String> all = allInputs();
    byte[] good = request(all, null);
    int json = jsonLength(good, all);
    java.util.Random random = new java.util.Random(20261207);
    int answered = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] body = good.clone();
      int header = json;
      switch (random.nextInt(4)) {
        case 0 -> { // bytes of the binary part changed
          for (int k = 0; k < 1 + random.nextInt(8); k++) {
            body[json + random.nextInt(good.length - json)] = (byte) random.nextInt(256);
          }
        }
        case 1 -> header = random.nextInt(good.length + 2) - 1; // a wrong JSON length
        case 2 -> body = java.util.Arrays.copyOf(good, json + random.nextInt(good.length - json));
        default -> { // a byte of the JSON part changed
          body[random.nextInt(json)] = (byte) (32 + random.nextInt(95));
        }
      }
      HttpResponse<byte[]> r =
          client.bytes(INFER, "application/octet-stream", body, HEADER, Integer.toString(header));
      String text = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(r.statusCode()).as(text).isIn(200, 400, 413);
      if (r.statusCode() == 200) {
        answered++;
      } else {
        assertThat(Json.mapper().readTree(text).get("message").asText()).isNotBlank();
      }
    }
    assertThat(answered).isLessThan(2000); // the damage was seen
  }

  @Test
  void aRegressorsValuesGoAsFp64Bytes() throws Exception {
    ModelRegistry registry = new ModelRegistry();
    registry.put(AmountRegressor.served(logDir));
    try (ModelService service =
        ModelService.builder().registry(registry).logDir(logDir.resolve("r")).build()) {
      Routes routes = service.routes(Routes.builder());
      String json =
          "{\"inputs\":["
              + "{\"name\":\"channel\",\"datatype\":\"BYTES\",\"shape\":[3],"
              + "\"data\":[\"web\",\"pos\",\"app\"]},"
              + "{\"name\":\"card_present\",\"datatype\":\"BOOL\",\"shape\":[3],"
              + "\"data\":[false,true,false]},"
              + "{\"name\":\"txn_last_24h\",\"datatype\":\"INT64\",\"shape\":[3],"
              + "\"data\":[2,0,9]}]";
      Response plain = post(routes, json + "}");
      Response binary = post(routes, json + ",\"parameters\":{\"binary_data_output\":true}}");
      assertThat(plain.status()).as(plain.bodyText()).isEqualTo(200);
      assertThat(binary.status()).isEqualTo(200);
      JsonNode expected = Json.mapper().readTree(plain.body()).get("outputs").get(0);
      assertThat(expected.get("datatype").asText()).isEqualTo("FP64");
      int head = Integer.parseInt(binary.headers().get(HEADER));
      JsonNode predict =
          Json.mapper()
              .readTree(new String(binary.body(), 0, head, StandardCharsets.UTF_8))
              .get("outputs")
              .get(0);
      assertThat(predict.at("/parameters/binary_data_size").asInt()).isEqualTo(24);
      ByteBuffer values =
          ByteBuffer.wrap(binary.body(), head, binary.body().length - head)
              .order(ByteOrder.LITTLE_ENDIAN);
      for (int r = 0; r < 3; r++) {
        assertThat(values.getDouble()).isEqualTo(expected.get("data").get(r).doubleValue());
      }
      assertThat(values.hasRemaining()).isFalse();
    }
  }

  private static Response post(Routes routes, String body) {
    return routes.respond(
        Request.of(
            "POST",
            INFER.replace("payments", "amount"),
            Map.of("Content-Type", "application/json"),
            body.getBytes(StandardCharsets.UTF_8)));
  }
}
