package dev.berth.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documents the generated client sends: one per leaf call, objects passed as their IDs. */
class QueryRenderingTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final Client dag = Dagger.connect(transport);

    @Test
    void theSeedsHttpServiceIsOneQueryAtTheLeafAndNoneBefore() throws Exception {
        Service http = dag.container().from("python").withWorkdir("/srv")
                .withNewFile("index.html", "Hello, world!")
                .withExposedPort(8080)
                .asService(new Container.AsServiceArguments().withArgs(List.of("python", "-m", "http.server", "8080")));
        assertEquals(List.of(), transport.documents, "building a pipeline sends nothing");

        transport.answer("{\"container\":{\"from\":{\"withWorkdir\":{\"withNewFile\":{\"withExposedPort\":"
                + "{\"asService\":{\"endpoint\":\"http://abc:8080\"}}}}}}}");
        String endpoint = http.endpoint(new Service.EndpointArguments().withScheme("http"));

        assertEquals("http://abc:8080", endpoint);
        assertEquals(List.of("query{container{from(address:\"python\"){withWorkdir(path:\"/srv\")"
                + "{withNewFile(path:\"index.html\",contents:\"Hello, world!\"){withExposedPort(port:8080)"
                + "{asService(args:[\"python\",\"-m\",\"http.server\",\"8080\"]){endpoint(scheme:\"http\")}}}}}}}"),
                transport.documents);
    }

    @Test
    void stringsAreEscapedAsGraphQLStringLiterals() throws Exception {
        dag.container().withNewFile("a", "say \"hi\"\\ \n\tend\u0001 é").stdout();
        assertEquals("query{container{withNewFile(path:\"a\",contents:\"say \\\"hi\\\"\\\\ \\n\\tend\\u0001 é\"){stdout}}}",
                transport.documents.get(0));
    }

    @Test
    void enumsAreBareNamesAndInputObjectsAreObjectLiterals() throws Exception {
        transport.answer("{\"container\":{\"withExposedPort\":{\"sync\":\"ctr-1\"}}}");
        dag.container().withExposedPort(53, new Container.WithExposedPortArguments().withProtocol(NetworkProtocol.UDP)).sync();
        dag.host().service(List.of(new PortForward().withBackend(5432).withFrontend(15432),
                new PortForward().withBackend(53).withProtocol(NetworkProtocol.UDP))).hostname();
        assertEquals("query{container{withExposedPort(port:53,protocol:UDP){sync}}}", transport.documents.get(0));
        assertEquals("query{host{service(ports:[{frontend:15432,backend:5432},{backend:53,protocol:UDP}]){hostname}}}",
                transport.documents.get(1));
    }

    @Test
    void aMissingRequiredInputFieldIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> dag.host().service(List.of(new PortForward().withFrontend(80))).hostname());
        assertEquals("PortForward.backend is required", e.getMessage());
    }

    @Test
    void anObjectArgumentIsSentAsItsIdFetchedByOneExtraQuery() throws Exception {
        Service redis = dag.container().from("redis").withExposedPort(6379).asService();
        transport.answer("{\"container\":{\"from\":{\"withExposedPort\":{\"asService\":{\"id\":\"svc-1\"}}}}}");
        transport.answer("{\"container\":{\"from\":{\"withServiceBinding\":{\"withExec\":{\"stdout\":\"PONG\"}}}}}");

        String out = dag.container().from("redis").withServiceBinding("db", redis)
                .withExec(List.of("redis-cli", "-h", "db", "ping")).stdout();

        assertEquals("PONG", out);
        assertEquals(List.of("query{container{from(address:\"redis\"){withExposedPort(port:6379){asService{id}}}}}",
                "query{container{from(address:\"redis\"){withServiceBinding(alias:\"db\",service:\"svc-1\")"
                        + "{withExec(args:[\"redis-cli\",\"-h\",\"db\",\"ping\"]){stdout}}}}}"),
                transport.documents);
    }

    @Test
    void typedIdsAreStringLiteralsAndSyncHandsBackTheObjectLoadedFromItsId() throws Exception {
        transport.answer("{\"container\":{\"from\":{\"sync\":\"ctr-7\"}}}");
        Container synced = dag.container().from("alpine").sync();
        synced.stdout();
        transport.answer("{\"loadServiceFromID\":{\"stop\":\"s\\\"1\"}}");
        dag.loadServiceFromID(new ServiceID("s\"1")).stop(new Service.StopArguments().withKill(true));
        assertEquals(List.of("query{container{from(address:\"alpine\"){sync}}}",
                "query{loadContainerFromID(id:\"ctr-7\"){stdout}}",
                "query{loadServiceFromID(id:\"s\\\"1\"){stop(kill:true)}}"), transport.documents);
    }

    @Test
    void listsOfObjectsAreLoadedFromTheirIds() throws Exception {
        transport.answer("{\"container\":{\"exposedPorts\":[{\"id\":\"p1\"},{\"id\":\"p2\"}]}}");
        transport.answer("{\"loadPortFromID\":{\"port\":8080}}");
        List<Port> ports = dag.container().exposedPorts();
        assertEquals(2, ports.size());
        assertEquals(8080, ports.get(0).port());
        assertEquals(List.of("query{container{exposedPorts{id}}}", "query{loadPortFromID(id:\"p1\"){port}}"),
                transport.documents);
    }

    @Test
    void aNullRequiredArgumentIsNamedBeforeAnyQuery() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> dag.container().from(null));
        assertTrue(e.getMessage().contains("address"), e.getMessage());
        assertEquals(List.of(), transport.documents);
    }
}
