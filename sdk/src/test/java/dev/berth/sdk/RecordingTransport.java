package dev.berth.sdk;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records the documents a client sends and answers each with the next canned {@code data}. */
final class RecordingTransport implements Transport {

    final List<String> documents = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();

    RecordingTransport answer(String dataJson) {
        answers.add(dataJson);
        return this;
    }

    @Override
    public JsonObject query(String document) {
        documents.add(document);
        String data = answers.isEmpty() ? "{}" : answers.poll();
        return Json.createReader(new StringReader(data)).readObject();
    }
}
