package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A directory: its recipe carries the digest of its tree in the file store
 * ({@code {"t": "Directory", "v": {"tree": "<sha256>"}}}) instead of the calls that made it, so an
 * ID stays small whatever the directory holds. Directory calls run at once against the store.
 */
public record DirectoryObject(String tree, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "Directory";
    }

    public static DirectoryObject of(String treeDigest) {
        ObjectNode recipe = Recipes.JSON.createObjectNode();
        recipe.put("t", "Directory");
        recipe.putObject("v").put("tree", treeDigest);
        return new DirectoryObject(treeDigest, recipe);
    }
}
