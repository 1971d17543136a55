package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.files.TreeEntry;

/**
 * A file: its recipe carries its name, mode, size and the digest of its content in the file
 * store ({@code {"t": "File", "v": {"name", "mode", "size", "blob"}}}).
 */
public record FileObject(TreeEntry entry, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "File";
    }

    /** The file, known by its base name (a File has no place of its own). */
    public static FileObject of(TreeEntry file) {
        TreeEntry named = file.at(file.name());
        ObjectNode recipe = Recipes.JSON.createObjectNode();
        recipe.put("t", "File");
        recipe.putObject("v").put("name", named.path()).put("mode", named.mode()).put("size", named.size())
                .put("blob", named.blob());
        return new FileObject(named, recipe);
    }
}
