package dev.berth.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps a container's steps in canonical form: execs stay in call order (each sees what came
 * before), but between two execs only the final content of each path matters, so a run of file
 * writes is reduced to the last write per path, sorted by path.
 */
final class Steps {

    private Steps() {
    }

    static List<Step> normalize(List<Step> steps) {
        List<Step> out = new ArrayList<>(steps.size());
        SortedMap<String, NewFile> pendingFiles = new TreeMap<>();
        for (Step step : steps) {
            if (step instanceof NewFile file) {
                pendingFiles.put(file.path(), file);
            } else {
                out.addAll(pendingFiles.values());
                pendingFiles.clear();
                out.add(step);
            }
        }
        out.addAll(pendingFiles.values());
        return List.copyOf(out);
    }

    static void write(Step step, CanonicalWriter out) {
        if (step instanceof NewFile file) {
            file.writeTo(out);
        } else if (step instanceof CopyIn copy) {
            copy.writeTo(out);
        } else {
            ((Exec) step).writeTo(out);
        }
    }
}
