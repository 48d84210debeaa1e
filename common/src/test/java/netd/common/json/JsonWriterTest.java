package netd.common.json;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonWriterTest {
    @Test
    void writesNestedObjectsAndArraysWithTheirCommas() {
        String json = new JsonWriter().beginObject()
                .member("schema", 1)
                .member("name", "a.bin")
                .member("complete", false)
                .name("percent").valueOneDecimal(12.345)
                .name("peers").beginArray()
                .beginObject().member("id", "x").endObject()
                .beginObject().member("id", "y").name("eta").value((String) null).endObject()
                .endArray()
                .name("down").beginArray().value(1).value(2).endArray()
                .name("empty").beginArray().endArray()
                .endObject().toString();
        assertEquals("{\"schema\":1,\"name\":\"a.bin\",\"complete\":false,\"percent\":12.3,"
                + "\"peers\":[{\"id\":\"x\"},{\"id\":\"y\",\"eta\":null}],\"down\":[1,2],\"empty\":[]}", json);
    }

    @Test
    void escapesWhatAStrangerCanPutInAName() {
        String json = new JsonWriter().beginObject()
                .member("name", "<img src=x onerror=alert(1)>\"\\\n\t\u0001\u2028é")
                .endObject().toString();
        assertEquals("{\"name\":\"<img src=x onerror=alert(1)>\\\"\\\\\\n\\t\\u0001\\u2028é\"}", json);
    }

    @Test
    void writesNoNumberJsonCannotHold() {
        assertEquals("[null,null]", new JsonWriter().beginArray().valueOneDecimal(Double.NaN)
                .valueOneDecimal(Double.POSITIVE_INFINITY).endArray().toString());
    }
}
