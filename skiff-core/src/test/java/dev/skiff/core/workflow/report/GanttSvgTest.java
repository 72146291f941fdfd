package dev.skiff.core.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GanttSvgTest {
    private static final Instant NOW = ReportFixtures.T0.plusSeconds(60);

    @Test
    void hostileText_comesOutInert_inTextAndAttributes() throws Exception {
        for (String hostile : List.of("<script>alert(1)</script>", "\"onload=\"alert(1)", "x' onmouseover='y", "&amp;\u0001")) {
            String svg = GanttSvg.render(ReportFixtures.hostile(hostile), NOW);
            Document document = parse(svg);

            assertThat(svg).doesNotContain("<script").doesNotContain("\"onload=").doesNotContain("' onmouseover='");
            assertThat(document.getElementsByTagName("script").getLength()).isZero();
            assertAttributes(document.getDocumentElement());
            assertThat(titles(document)).anySatisfy(title -> assertThat(title).contains(hostile.replace("\u0001", "")));
        }
    }

    @Test
    void coloursComeFromAFixedPalette_whateverTheTransformationIsCalled() throws Exception {
        Document document = parse(GanttSvg.render(ReportFixtures.hostile("red;fill:url(javascript:x)"), NOW));

        for (Element bar : bars(document)) {
            assertThat(bar.getAttribute("fill")).matches("#[0-9a-f]{6}");
        }
    }

    @Test
    void diamond_laneByInstanceThenHostnameThenUnknown_startedJobsOnly_failedMarked() throws Exception {
        Document document = parse(GanttSvg.render(ReportFixtures.diamond(), NOW));

        List<Element> bars = bars(document);
        assertThat(bars).hasSize(3);
        assertThat(bars).extracting(bar -> bar.getAttribute("data-lane")).containsExactly("i-1", "h-2", "unknown");
        assertThat(bars.get(2).getAttribute("class")).isEqualTo("job failed");
        assertThat(bars.get(2).getAttribute("stroke")).isNotEmpty();
        assertThat(bars.get(0).getAttribute("stroke")).isEmpty();
        assertThat(titles(document)).contains("diamond (Failed)")
                .contains("ID0000003 findrange: 13 s, attempt 2, failed");
        String svg = GanttSvg.render(ReportFixtures.diamond(), NOW);
        assertThat(svg).contains(">preprocess</text>").contains(">findrange</text>").contains(">0 s</text>")
                .contains(">40 s</text>");
    }

    @Test
    void aRunningJob_isDrawnUpToNow() throws Exception {
        Document early = parse(GanttSvg.render(ReportFixtures.running(), ReportFixtures.T0.plusSeconds(20)));
        Document late = parse(GanttSvg.render(ReportFixtures.running(), ReportFixtures.T0.plusSeconds(40)));

        assertThat(bars(early)).hasSize(2);
        double earlyShare = width(bars(early).get(1)) / width(bars(early).get(0));
        double lateShare = width(bars(late).get(1)) / width(bars(late).get(0));
        assertThat(earlyShare).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(lateShare).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(titles(late)).contains("ID0000002 findrange: 30 s, attempt 1, running");
    }

    @Test
    void aRetriedRun_startsItsAxisAtItsFirstJob_andDrawsNoJobWaitingToRunAgain() throws Exception {
        RunReport diamond = ReportFixtures.diamond();
        ReportJob failed = diamond.jobs().get(2);
        ReportJob readyAgain = new ReportJob(failed.id(), failed.transformation(), failed.function(), "ready", 0,
                failed.queued(), failed.start(), failed.end(), null, null, failed.record(), failed.arguments(),
                failed.inputs(), failed.outputs(), failed.parents());
        RunReport retried = new RunReport(diamond.name(), "Running", ReportFixtures.T0.plusSeconds(35), null,
                List.of(diamond.jobs().get(0), diamond.jobs().get(1), readyAgain, diamond.jobs().get(3)));

        List<Element> bars = bars(parse(GanttSvg.render(retried, NOW)));

        assertThat(retried.origin()).isEqualTo(ReportFixtures.T0);
        assertThat(bars).hasSize(2);
        assertThat(bars.get(0).getAttribute("x")).isEqualTo("180");
    }

    @Test
    void aRunWithNoStartedJob_isAnEmptyChartStill() throws Exception {
        RunReport waiting = new RunReport("w", "Running", null, null,
                List.of(ReportFixtures.waiting("a", "t", List.of())));

        Document document = parse(GanttSvg.render(waiting, NOW));

        assertThat(bars(document)).isEmpty();
        assertThat(titles(document)).contains("w (Running)");
    }

    private static double width(Element bar) {
        return Double.parseDouble(bar.getAttribute("width"));
    }

    private static void assertAttributes(Element element) {
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            assertThat(element.getAttributes().item(i).getNodeName()).doesNotStartWith("on");
        }
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                assertAttributes(child);
            }
        }
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> bars(Document document) {
        List<Element> bars = new ArrayList<>();
        NodeList rects = document.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").startsWith("job")) {
                bars.add(rect);
            }
        }
        return bars;
    }

    private static List<String> titles(Document document) {
        List<String> titles = new ArrayList<>();
        NodeList nodes = document.getElementsByTagName("title");
        for (int i = 0; i < nodes.getLength(); i++) {
            titles.add(nodes.item(i).getTextContent());
        }
        return titles;
    }
}
