using PlanningSolver.Core;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Traffic.Tests;

public sealed class TntpReaderTests
{
    private const string Header = "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 3\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n\n";

    [Fact]
    public void Reads_metadata_comments_and_terminators()
    {
        var text = Header + "~ init_node term_node ...\n\t1\t3\t100\t1\t2\t0.15\t4\t0\t0\t1\t;\n3 2 200 1.5 2.5 0.15 4 0 0.5 1 ; ~ tolled\n";
        var net = TntpReader.ReadNetwork(new StringReader(text), "t_net.tntp");
        Assert.Equal(3, net.FirstThruNode);
        Assert.Equal(2, net.Links.Count);
        Assert.Equal(new TntpLink(3, 2, 200, 1.5, 2.5, 0.15, 4, 0, 0.5, 1), net.Links[1]);
    }

    [Theory]
    [InlineData("1 3 abc 1 2 0.15 4 0 0 1 ;\n3 2 200 1 2 0.15 4 0 0 1 ;\n", 7, "capacity", "got 'abc'")]
    [InlineData("1 9 100 1 2 0.15 4 0 0 1 ;\n3 2 200 1 2 0.15 4 0 0 1 ;\n", 7, "term_node", "node 9 is outside 1..3")]
    [InlineData("1 3 100 1 2 0.15 4 0 0 1 ;\n3 2 200 1 -2 0.15 4 0 0 1 ;\n", 8, "free_flow_time", "got '-2'")]
    [InlineData("1 3 100 1 2 0.15 4 ;\n", 7, "speed", "missing")]
    public void Bad_link_lines_name_file_line_and_field(string links, int line, string field, string problem)
    {
        var error = Assert.Throws<InputError>(() => TntpReader.ReadNetwork(new StringReader(Header + links), "bad_net.tntp"));
        Assert.Equal("bad_net.tntp", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"bad_net.tntp:{line}: column '{field}': ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_link_count_that_disagrees_with_the_header_is_reported_at_the_header_line()
    {
        var error = Assert.Throws<InputError>(() => TntpReader.ReadNetwork(new StringReader(Header + "1 3 100 1 2 0.15 4 0 0 1 ;\n"), "n.tntp"));
        Assert.Equal(4, error.Line);
        Assert.Equal("<NUMBER OF LINKS>", error.Field);
        Assert.Contains("header says 2 links, the file has 1", error.Message);
    }

    [Fact]
    public void Missing_metadata_is_named()
    {
        var error = Assert.Throws<InputError>(() => TntpReader.ReadNetwork(new StringReader("<NUMBER OF NODES> 3\n<END OF METADATA>\n"), "n.tntp"));
        Assert.Equal("<NUMBER OF ZONES>", error.Field);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void Reads_trips_blocks_and_reports_bad_entries()
    {
        const string head = "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 30\n<END OF METADATA>\n\n";
        var demand = TntpReader.ReadTrips(new StringReader(head + "Origin 1\n 1 : 0.0; 2 : 10.0;\nOrigin \t2\n1 : 20;\n"), "t.tntp");
        Assert.Equal(10, demand[0, 1]);
        Assert.Equal(20, demand[1, 0]);
        Assert.Equal(30, demand.Total);

        var badZone = Assert.Throws<InputError>(() => TntpReader.ReadTrips(new StringReader(head + "Origin 1\n 3 : 5;\n"), "t.tntp"));
        Assert.Equal((6, "destination"), (badZone.Line!.Value, badZone.Field!));
        Assert.Contains("expected a zone in 1..2, got '3'", badZone.Message);
        var badFlow = Assert.Throws<InputError>(() => TntpReader.ReadTrips(new StringReader(head + "Origin 2\n 1 : x;\n"), "t.tntp"));
        Assert.Equal((6, "flow"), (badFlow.Line!.Value, badFlow.Field!));
        var badOrigin = Assert.Throws<InputError>(() => TntpReader.ReadTrips(new StringReader(head + "Origin 7\n"), "t.tntp"));
        Assert.Equal((5, "origin"), (badOrigin.Line!.Value, badOrigin.Field!));
    }

    [Fact]
    public void Reads_flow_files_and_reports_bad_numbers()
    {
        var flows = TntpReader.ReadFlows(new StringReader("From \tTo \tVolume \tCost \n1 \t2 \t4494.6 \t6.0008 \n"), "f.tntp");
        Assert.Equal(new TntpLinkFlow(1, 2, 4494.6, 6.0008), Assert.Single(flows));
        var error = Assert.Throws<InputError>(() => TntpReader.ReadFlows(new StringReader("From To Volume Cost\n1 2 x 3\n"), "f.tntp"));
        Assert.Equal((2, "volume"), (error.Line!.Value, error.Field!));
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        var error = Assert.Throws<InputError>(() => TntpReader.ReadNetwork("/nonexistent/x_net.tntp"));
        Assert.Contains("file not found", error.Message);
    }

    [Fact]
    public void Writer_output_reads_back_identically()
    {
        var (net, demand) = GridNetworkGenerator.Create(4, 5, 6, seed: 3);
        var netText = new StringWriter();
        TntpWriter.WriteNetwork(netText, net);
        var tripsText = new StringWriter();
        TntpWriter.WriteTrips(tripsText, demand);
        var back = TntpReader.ReadNetwork(new StringReader(netText.ToString()), "g_net.tntp");
        Assert.Equal(net.Links, back.Links);
        Assert.Equal((6, 20, 1), (back.Zones, back.Nodes, back.FirstThruNode));
        Assert.True(demand.ContentEquals(TntpReader.ReadTrips(new StringReader(tripsText.ToString()), "g_trips.tntp")));
    }

    [Fact]
    public void Accepts_comments_inside_the_metadata_and_tags_in_any_order()
    {
        // Collection files carry <ORIGINAL HEADER> and '~' notes in the header; tag order varies between networks.
        const string text = "~ converted from a legacy format\n<NUMBER OF LINKS> 2\n<ORIGINAL HEADER>~ Tail Head Capacity\n"
            + "<FIRST THRU NODE> 3\n~ zones are the first two nodes\n<NUMBER OF NODES> 3\n<NUMBER OF ZONES> 2\n<END OF METADATA>\n"
            + "1 3 100 1 2 0.15 4 0 0 1 ;\n~ a note between links\n3 2 200 1 2 0.15 4 0 0 1 ;\n";
        var net = TntpReader.ReadNetwork(new StringReader(text), "order_net.tntp");
        Assert.Equal((2, 3, 3, 2), (net.Zones, net.Nodes, net.FirstThruNode, net.Links.Count));
        Assert.Empty(net.Warnings);
    }

    [Fact]
    public void Accepts_link_lines_without_the_terminator()
    {
        var withSemicolons = TntpReader.ReadNetwork(new StringReader(Header + "1 3 100 1 2 0.15 4 0 0 1 ;\n3 2 200 1 2 0.15 4 0 0 1;\n"), "a.tntp");
        var without = TntpReader.ReadNetwork(new StringReader(Header + "1\t3\t100\t1\t2\t0.15\t4\t0\t0\t1\n3 2 200 1 2 0.15 4 0 0 1\n"), "b.tntp");
        Assert.Equal(withSemicolons.Links, without.Links);
    }

    [Fact]
    public void A_self_loop_is_dropped_with_a_warning_naming_file_and_line()
    {
        // The header counts the loop among its links: the count check is on link lines, the loop is then dropped.
        var text = Header.Replace("<NUMBER OF LINKS> 2", "<NUMBER OF LINKS> 3", StringComparison.Ordinal)
            + "1 3 100 1 2 0.15 4 0 0 1 ;\n2 2 50 0 0 0.15 4 0 0 1 ;\n3 2 200 1 2 0.15 4 0 0 1 ;\n";
        var net = TntpReader.ReadNetwork(new StringReader(text), "loop_net.tntp");
        Assert.Equal([(1, 3), (3, 2)], net.Links.Select(l => (l.From, l.To)));
        var warning = Assert.Single(net.Warnings);
        Assert.StartsWith("loop_net.tntp:8: link 2->2 is a self-loop", warning);
    }

    [Fact]
    public void Reads_trips_with_or_without_separators_and_with_comments()
    {
        const string head = "<TOTAL OD FLOW> 60\n~ a note\n<NUMBER OF ZONES> 3\n<END OF METADATA>\n~ trips below\n";
        var demand = TntpReader.ReadTrips(
            new StringReader(head + "Origin 1\n 2 : 10.0   3 :5\n~ between origins\nOrigin 2;\n1:20;3 : 25 ~ tail\n"), "t.tntp");
        Assert.Equal((10, 5, 20, 25), (demand[0, 1], demand[0, 2], demand[1, 0], demand[1, 2]));
        Assert.Equal(60, demand.Total);
        var torn = Assert.Throws<InputError>(() => TntpReader.ReadTrips(new StringReader(head + "Origin 1\n 2 : 10 3\n"), "t.tntp"));
        Assert.Equal((7, "destination"), (torn.Line!.Value, torn.Field!));
    }
}
