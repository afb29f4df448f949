from danvan.reporting import charts


def test_counts_get_whole_number_classes_and_matching_colours():
    bounds, legend = charts.classes_for([0, 0, 3, 10], display=lambda v: str(int(v)), integers=True)
    assert bounds == [2, 4, 6, 8, 10]
    assert [item.label for item in legend] == ["0 – 2", "3 – 4", "5 – 6", "7 – 8", "9 – 10"]
    _bounds, small = charts.classes_for([0, 1], display=lambda v: str(int(v)), integers=True)
    assert [(item.label, item.index) for item in small] == [("0", 0), ("1", 4)]
    svg = charts.tile_map(
        [
            charts.Tile("Tỉnh A", "A", 0, 0, 10, "10", href="/a"),
            charts.Tile("Tỉnh B", "B", 1, 0, None, "—", in_scope=False),
        ],
        title="Bản đồ",
        description="Mô tả",
        bounds=bounds,
        uid="t",
    )
    assert 'aria-label="Tỉnh A: 10"' in svg and charts.PALETTE[4] in svg
    assert 'aria-label="Tỉnh B: ngoài phạm vi"' in svg and "href" not in svg.split("Tỉnh B")[0].rsplit("<", 3)[-1]


def test_34_provinces_have_distinct_tiles():
    positions = [(col, row) for col, row, _short in charts.PROVINCE_TILES.values()]
    assert len(charts.PROVINCE_TILES) == 34 and len(set(positions)) == 34
