package dev.berth.module.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Reads a module's {@code @Object} class and {@code @Function} methods at compile time and writes
 * {@code META-INF/berth/module.json}: function and parameter names (kebab-case for the command
 * line), types, defaults and Javadoc. {@code berth call} and {@code berth functions} read that file,
 * so nothing is guessed at run time. A function {@code berth call} could not call (a parameter
 * type it cannot read from a flag, a private method) is a compile error naming it.
 */
@SupportedAnnotationTypes({"dev.berth.module.annotation.Object", "dev.berth.module.annotation.Function"})
public final class ModuleProcessor extends AbstractProcessor {

    public static final String METADATA = "META-INF/berth/module.json";
    private static final String OBJECT = "dev.berth.module.annotation.Object";
    private static final String FUNCTION = "dev.berth.module.annotation.Function";
    private static final String DEFAULT = "dev.berth.module.annotation.Default";

    private final List<TypeElement> objects = new ArrayList<>();
    private final List<ExecutableElement> functions = new ArrayList<>();
    /** Read in the round that saw the element: javac may drop doc comments of earlier rounds' trees. */
    private final Map<Element, Javadoc> docs = new java.util.HashMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (name.equals(OBJECT) && element instanceof TypeElement type) {
                    objects.add(type);
                } else if (name.equals(FUNCTION) && element instanceof ExecutableElement method) {
                    functions.add(method);
                }
                docs.put(element, Javadoc.parse(processingEnv.getElementUtils().getDocComment(element)));
            }
        }
        if (round.processingOver() && !objects.isEmpty()) {
            writeMetadata();
        }
        return true;
    }

    private void writeMetadata() {
        if (objects.size() > 1) {
            for (TypeElement extra : objects.subList(1, objects.size())) {
                error(extra, "a module has one @Object class; " + objects.get(0).getQualifiedName()
                        + " is already this module's (move the other functions there)");
            }
            return;
        }
        TypeElement object = objects.get(0);
        if (!checkObject(object)) {
            return;
        }
        List<Object> functionEntries = new ArrayList<>();
        boolean valid = true;
        for (ExecutableElement method : functions) {
            if (!method.getEnclosingElement().equals(object)) {
                error(method, "@Function methods belong to the @Object class " + object.getSimpleName());
                valid = false;
                continue;
            }
            Map<String, Object> entry = function(method);
            String cliName = Names.kebab(method.getSimpleName().toString());
            if (entry != null && functionEntries.stream().anyMatch(f -> ((Map<?, ?>) f).get("cliName").equals(cliName))) {
                error(method, "two @Functions are called " + cliName + " on the command line: give them different names "
                        + "(overloads are not supported)");
                entry = null;
            }
            if (entry == null) {
                valid = false;
            } else {
                functionEntries.add(entry);
            }
        }
        if (!valid) {
            return;
        }
        if (functionEntries.isEmpty()) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING,
                    "the @Object class has no @Function methods: berth call has nothing to call", object);
        }
        Javadoc doc = docs.getOrDefault(object, Javadoc.parse(null));
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("class", processingEnv.getElementUtils().getBinaryName(object).toString());
        module.put("name", object.getSimpleName().toString());
        module.put("description", doc.description());
        module.put("functions", functionEntries);
        try (Writer out = processingEnv.getFiler()
                .createResource(StandardLocation.CLASS_OUTPUT, "", METADATA, object).openWriter()) {
            out.write(Json.write(module));
        } catch (IOException e) {
            error(object, "cannot write " + METADATA + ": " + e.getMessage());
        }
    }

    private boolean checkObject(TypeElement object) {
        boolean ok = true;
        if (!object.getModifiers().contains(Modifier.PUBLIC) || object.getModifiers().contains(Modifier.ABSTRACT)
                || object.getKind() != ElementKind.CLASS) {
            error(object, "an @Object must be a public, non-abstract class");
            ok = false;
        }
        if (object.getNestingKind() == NestingKind.MEMBER && !object.getModifiers().contains(Modifier.STATIC)) {
            error(object, "a nested @Object class must be static");
            ok = false;
        }
        boolean noArgs = ElementFilter.constructorsIn(object.getEnclosedElements()).stream()
                .anyMatch(c -> c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC));
        boolean implicit = ElementFilter.constructorsIn(object.getEnclosedElements()).isEmpty();
        if (!noArgs && !implicit) {
            error(object, "an @Object needs a public constructor without parameters (berth call creates it)");
            ok = false;
        }
        return ok;
    }

    private Map<String, Object> function(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        if (!method.getModifiers().contains(Modifier.PUBLIC) || method.getModifiers().contains(Modifier.STATIC)) {
            error(method, "@Function " + name + " must be a public instance method");
            return null;
        }
        Javadoc doc = docs.getOrDefault(method, Javadoc.parse(null));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("cliName", Names.kebab(name));
        entry.put("description", doc.description());
        Map<String, Object> returns = type(method.getReturnType(), true);
        if (returns == null) {
            error(method, "@Function " + name + " returns " + method.getReturnType()
                    + ", which berth call cannot print or chain; return one of " + supported(true));
            return null;
        }
        entry.put("returns", returns);
        List<Object> args = new ArrayList<>();
        boolean valid = true;
        for (VariableElement parameter : method.getParameters()) {
            Map<String, Object> type = type(parameter.asType(), false);
            if (type == null) {
                error(parameter, "parameter " + parameter.getSimpleName() + " of @Function " + name + " has type "
                        + parameter.asType() + ", which berth call cannot read from a flag; use one of "
                        + supported(false));
                valid = false;
                continue;
            }
            Map<String, Object> arg = new LinkedHashMap<>();
            String argName = parameter.getSimpleName().toString();
            arg.put("name", argName);
            arg.put("flag", Names.kebab(argName));
            arg.putAll(type);
            arg.put("description", doc.params().getOrDefault(argName, ""));
            arg.put("default", defaultValue(parameter));
            args.add(arg);
        }
        entry.put("args", args);
        return valid ? entry : null;
    }

    private String defaultValue(VariableElement parameter) {
        return parameter.getAnnotationMirrors().stream()
                .filter(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DEFAULT))
                .flatMap(a -> a.getElementValues().values().stream())
                .map(v -> v.getValue().toString())
                .findFirst().orElse(null);
    }

    /** {@code {"kind": ..., "javaType": ...}} (and the constants of an enum), or null if unsupported. */
    private Map<String, Object> type(TypeMirror type, boolean isReturn) {
        Map<String, Object> out = new LinkedHashMap<>();
        ValueKind kind = kind(type, isReturn);
        if (kind == null) {
            return null;
        }
        out.put("kind", kind.name());
        out.put("javaType", type.toString());
        if (kind == ValueKind.ENUM) {
            TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
            out.put("javaType", processingEnv.getElementUtils().getBinaryName(element).toString());
            out.put("values", element.getEnclosedElements().stream()
                    .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(e -> e.getSimpleName().toString()).toList());
        }
        return out;
    }

    private ValueKind kind(TypeMirror type, boolean isReturn) {
        switch (type.getKind()) {
            case VOID:
                return isReturn ? ValueKind.VOID : null;
            case INT:
                return ValueKind.INT;
            case LONG:
                return ValueKind.LONG;
            case BOOLEAN:
                return ValueKind.BOOLEAN;
            case DOUBLE:
                return ValueKind.DOUBLE;
            case DECLARED:
                break;
            default:
                return null;
        }
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        if (element.getKind() == ElementKind.ENUM) {
            return ValueKind.ENUM;
        }
        String name = element.getQualifiedName().toString();
        return switch (name) {
            case "java.lang.String" -> ValueKind.STRING;
            case "java.lang.Integer" -> ValueKind.INT;
            case "java.lang.Long" -> ValueKind.LONG;
            case "java.lang.Boolean" -> ValueKind.BOOLEAN;
            case "java.lang.Double" -> ValueKind.DOUBLE;
            case "java.lang.Void" -> isReturn ? ValueKind.VOID : null;
            case "dev.berth.sdk.Service" -> ValueKind.SERVICE;
            case "dev.berth.sdk.Container" -> isReturn ? ValueKind.CONTAINER : null;
            case "java.util.List" -> isStringList(declared) ? ValueKind.STRING_LIST : null;
            default -> null;
        };
    }

    private static boolean isStringList(DeclaredType list) {
        List<? extends TypeMirror> arguments = list.getTypeArguments();
        return arguments.size() == 1 && arguments.get(0).getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) arguments.get(0)).asElement()).getQualifiedName()
                        .contentEquals("java.lang.String");
    }

    private static String supported(boolean isReturn) {
        return isReturn ? "String, int, long, boolean, double (or their boxes), List<String>, an enum, Service, "
                + "Container or void"
                : "String, int, long, boolean, double (or their boxes), List<String>, an enum or Service";
    }

    private void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }
}
