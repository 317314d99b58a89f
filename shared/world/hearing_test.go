package world

import "testing"

func TestHears(t *testing.T) {
	// An open hall 100 x 40 m; Hears ignores walls, only zones matter.
	r := NewRoom("hall", "Hall", 100, 40, nil, []Zone{
		{Kind: ZoneQuiet, Name: "library", Rect: tileRect(0, 0, 9, 9)},
		{Kind: ZoneStage, Name: "stage", Rect: tileRect(40, 0, 44, 4)},
		{Kind: ZonePrivate, Name: "booth", Rect: tileRect(70, 0, 79, 9)},
		{Kind: ZonePrivate, Name: "booth2", Rect: tileRect(80, 0, 89, 9)}, // touches booth
		{Kind: ZonePrivate, Name: "greenroom", Rect: tileRect(40, 30, 44, 34)},
		{Kind: ZoneStage, Name: "greenstage", Rect: tileRect(40, 30, 41, 31)}, // a stage inside a private zone
	})
	open := Vec{Meters(20), Meters(20)} // in no zone
	m := func(x, y int32) Vec { return Vec{x, y} }
	say, whisper := int32(Meters(SayRange)), int32(Meters(WhisperRange))
	stage := Tile{42, 2}.Center()
	booth := Tile{75, 5}.Center()
	tests := []struct {
		name     string
		v        Voice
		from, to Vec
		want     bool
	}{
		{"say same spot", Say, open, open, true},
		{"say exactly 20 m", Say, open, open.Add(m(say, 0)), true},
		{"say 20 m + 1 unit", Say, open, open.Add(m(say+1, 0)), false},
		{"say 20 m west", Say, open, open.Sub(m(say, 0)), true},
		{"say 20 m diagonal 3-4-5", Say, open, open.Add(m(say*3/5, say*4/5)), true},
		{"say diagonal one unit past", Say, open, open.Add(m(say*3/5, say*4/5+1)), false},
		{"whisper exactly 10 m", Whisper, open, open.Add(m(0, whisper)), true},
		{"whisper 10 m + 1 unit", Whisper, open, open.Add(m(0, whisper+1)), false},
		{"whisper diagonal 3-4-5", Whisper, open, open.Add(m(-whisper*4/5, -whisper*3/5)), true},
		{"shout across the room", Shout, Vec{Meters(12), Meters(39)}, Vec{Meters(100) - 1, Meters(12)}, true},

		{"quiet: say becomes whisper, 10 m heard", Say, Tile{5, 5}.Center(), Tile{5, 5}.Center().Add(m(0, whisper)), true},
		{"quiet: say becomes whisper, 11 m not", Say, Tile{5, 5}.Center(), Tile{5, 5}.Center().Add(m(0, whisper+1)), false},
		{"quiet: shout becomes whisper", Shout, Tile{5, 5}.Center(), Tile{5, 5}.Center().Add(m(0, whisper+1)), false},
		{"quiet: whisper stays whisper", Whisper, Tile{5, 5}.Center(), Tile{5, 5}.Center().Add(m(whisper, 0)), true},
		{"quiet only applies to the speaker", Say, Tile{5, 5}.Center().Add(m(0, Meters(15))), Tile{5, 5}.Center(), true},

		{"stage: say carries the whole room", Say, stage, Vec{Meters(99), Meters(39)}, true},
		{"stage: whisper stays whisper", Whisper, stage, stage.Add(m(whisper+1, 0)), false},
		{"stage edge, outside it", Say, Vec{Meters(45), Meters(2)}, Vec{Meters(45) + say + 1, Meters(2)}, false},
		{"stage edge, last unit inside", Say, Vec{Meters(45) - 1, Meters(2)}, Vec{Meters(45) + say + 1, Meters(2)}, true},
		{"listener on stage, speaker not", Say, Vec{Meters(20), Meters(2)}, stage, false},

		{"private: inside to inside", Say, booth, booth.Add(m(Meters(3), 0)), true},
		{"private: inside say stays in range", Say, Tile{70, 0}.Center(), Tile{79, 9}.Center(), true},
		{"private: outside say not heard inside", Say, booth.Add(m(Meters(6), Meters(6))), booth, false},
		{"private: outside shout not heard inside", Shout, open, booth, false},
		{"private: inside say not heard outside", Say, booth, booth.Add(m(0, Meters(6))), false},
		{"private: inside shout not heard outside", Shout, booth, open, false},
		{"private: inside whisper not heard next door", Whisper, Tile{79, 5}.Center(), Tile{80, 5}.Center(), false},
		{"private: neighbour booths isolated", Shout, Tile{80, 5}.Center(), Tile{79, 5}.Center(), false},
		{"private: shout fills the booth", Shout, Tile{70, 0}.Center(), Tile{79, 9}.Center(), true},
		{"private stage: room-wide only inside", Say, Tile{40, 30}.Center(), Tile{44, 34}.Center(), true},
		{"private stage: not outside", Say, Tile{40, 30}.Center(), Tile{40, 29}.Center(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Hears(tt.v, tt.from, tt.to); got != tt.want {
				t.Errorf("Hears(%v, %v, %v) = %v, want %v", tt.v, tt.from, tt.to, got, tt.want)
			}
		})
	}
}
