package main

import "fmt"

// tour is a tour as authored: its definition object goes into the map of its first stop, each stop
// into its room's map, all in the "tours" object group (see assets/README.md, "Tours").
type tour struct {
	id, title, description string
	stops                  []stop
}

// stop is a tour stop, standing at the centre of an exhibit zone of its room (exhibit set) or at
// the centre of tile (x, y). Stops are numbered 1, 2, 3... in the order listed.
type stop struct {
	room, exhibit string
	x, y          int
	title, text   string
}

// tours lists the default embassy's tours.
func tours() []tour { return []tour{embassyTour(), cyberTour()} }

// tourObjects returns the tour definitions and stops drawn in room r, as point objects; zones are
// r's zone objects, where exhibit stops find their exhibit.
func (r *room) tourObjects(all []tour, zones []object) ([]object, error) {
	var objs []object
	for _, t := range all {
		for i, s := range t.stops {
			if s.room != r.id {
				continue
			}
			px, py := s.x*tileSize+tileSize/2, s.y*tileSize+tileSize/2
			if s.exhibit != "" {
				z, ok := findObject(zones, s.exhibit)
				if !ok {
					return nil, fmt.Errorf("tour %s stop %d: no zone %q", t.id, i+1, s.exhibit)
				}
				px, py = z.x*tileSize+z.w*tileSize/2, z.y*tileSize+z.h*tileSize/2
			}
			if i == 0 {
				objs = append(objs, object{name: t.id, class: "tour", point: true, px: px, py: py, props: [][2]string{
					{"tour", t.id}, {"title", t.title}, {"description", t.description}}})
			}
			props := [][2]string{{"tour", t.id}, {"order", fmt.Sprint(i + 1)}, {"title", s.title}}
			if s.exhibit != "" {
				props = append(props, [2]string{"exhibit", s.exhibit})
			}
			objs = append(objs, object{name: fmt.Sprintf("%s_%d", t.id, i+1), class: "stop", point: true, px: px, py: py,
				props: append(props, [2]string{"text", s.text})})
		}
	}
	return objs, nil
}

func findObject(objs []object, name string) (object, bool) {
	for _, o := range objs {
		if o.name == name {
			return o, true
		}
	}
	return object{}, false
}

// embassyTour walks through every room, from the entrance to the Ambassador's Office.
func embassyTour() tour {
	return tour{
		id: "embassy-in-ten-stops", title: "The embassy in ten stops",
		description: "A walk through every room of the embassy, from the Entrance Hall to the Ambassador's Office: " +
			"what each room is for, and how talking works in it. About fifteen minutes.",
		stops: []stop{
			{room: "entrance", exhibit: "info_desk", title: "The Entrance Hall", text: `Every visit starts here. Like the lobby of a real mission, the Entrance Hall is where visitors are welcomed, find their way and ask for help. The information desk explains how to walk, talk and open exhibits: stand beside it and press E.

This tour takes you through all six rooms of the embassy. Walk to each stop in turn; you can leave the tour at any time and come back to it later.`},
			{room: "entrance", exhibit: "about_embassy", title: "What an embassy is for", text: `An embassy does two jobs at once. It represents its country to the host nation, and it serves people: citizens abroad, and foreigners who want to visit, trade, study or simply understand. A virtual embassy can do only part of the second job. It cannot issue a passport or stamp a visa, but it can explain, listen, convene and connect, across time zones and with no queue at the door.

The board in front of you tells that story in full. Next, take the doorway on the west side of the hall into the Exhibition Gallery.`},
			{room: "gallery", exhibit: "virtual_embassies", title: "The Exhibition Gallery", text: `The gallery presents the questions the embassy's diplomats work on: how states should behave in cyberspace, who runs the internet, data protection, digital trade, climate and crisis response. Boards line the north wall and plinths stand along the red runner; stand at one and press E to read it.

The plinth in front of you tells how embassies first moved online, in Second Life in 2007, and what they learned: a new venue draws attention, but people come back only for events and for someone to talk to. The gallery has a tour of its own, "Cyber diplomacy and the UN norms".`},
			{room: "gallery", x: 6, y: 21, title: "The reading corner", text: `Behind the bookshelves lies the reading corner. It follows the library rule: whatever is said here carries only as far as a whisper, about ten metres, so a group can talk over an exhibit without disturbing anyone else.

Other places change how far a voice carries too, as the next rooms show. Go back to the Entrance Hall and follow the red carpet north to the Reception Hall.`},
			{room: "reception", x: 40, y: 31, title: "The Reception Hall", text: `This is the largest room of the embassy, built for receptions of up to 1,200 guests. Buffets and standing tables line the walls, lounges fill the corners, and the open floor is where people mingle, as they would at a national day reception.

Talk works as in a real crowd: what you say is heard about twenty metres around you, a whisper about ten, and a shout fills the hall. In a full hall, stay close to the people you are talking to.`},
			{room: "reception", x: 40, y: 7, title: "The podium", text: `The raised podium at the north end is the embassy's stage. A speaker here is heard by the whole hall at once, whether it is an ambassador's welcome, a panel discussion or a reading from the cultural programme.

Receptions, briefings and ceremonies take place here and are announced throughout the embassy. The doorway on the east side of the hall leads to the Conference Room.`},
			{room: "conference", x: 10, y: 11, title: "The Conference Room", text: `Much of diplomacy happens in small rooms. Past its doorway, the Conference Room is private: what is said inside is heard only inside, and the chatter of the Reception Hall does not come in.

Embassy staff use it for meetings, briefings for small groups and conversations that need some quiet: the everyday work that rarely makes the news. The next stop is the Consular Office, back through the Reception Hall and the Entrance Hall and through the doorway on the east side.`},
			{room: "consular", exhibit: "consular_services", title: "The Consular Office", text: `A consulate looks after people: passports and emergency travel documents for citizens, help for those who are arrested, fall ill or are caught in a crisis abroad, and visas for foreigners who want to visit. The counters and waiting chairs here are laid out like a real consular section.

This office can explain those services and point you to the right place, but it cannot process applications: they need identity checks and signatures at a physical mission. The desk beside you has the details. The Ambassador's Office is through the doorway on the east side.`},
			{room: "ambassador", x: 10, y: 9, title: "The Ambassador's Office", text: `The head of mission works and receives guests here, between the flags. An ambassador represents the head of state, leads the mission's staff and speaks for the country to the host government.

The sofa corner on the rug is private, like the Conference Room: a place for a confidential conversation. Please be considerate when someone is using it.`},
			{room: "ambassador", exhibit: "welcome_letter", title: "An open door", text: `The ambassador's letter under glass ends this tour. Its point is simple: diplomacy keeps conversations going, and this embassy opens some of the doors that usually stay closed. Press E to read it in full.

Thank you for walking through the embassy. From here you can take the tour "Cyber diplomacy and the UN norms" in the Exhibition Gallery, come to an event in the Reception Hall, or stay and talk to the people around you.`},
		},
	}
}

// cyberTour visits the gallery's exhibits that touch on the UN framework of responsible state
// behaviour in cyberspace (GGE reports of 2010, 2013, 2015 and 2021; the OEWG from 2019).
func cyberTour() tour {
	return tour{
		id: "cyber-norms", title: "Cyber diplomacy and the UN norms",
		description: "Six stops in the Exhibition Gallery on how the member states of the United Nations agreed on " +
			"responsible state behaviour in cyberspace: international law, the eleven norms, confidence building and capacity building.",
		stops: []stop{
			{room: "gallery", exhibit: "cyber_norms", title: "A framework, not a treaty", text: `There is no global treaty on how states behave in cyberspace. Instead, the member states of the United Nations have built a framework of responsible state behaviour step by step. Groups of Governmental Experts (GGEs), of fifteen to twenty-five states each, agreed reports by consensus in 2010, 2013, 2015 and 2021. From 2019 an Open-Ended Working Group (OEWG), open to every member state, took up the same questions; in March 2021 it adopted the first such report agreed by all of them.

The framework has four parts: international law, voluntary norms, confidence-building measures and capacity building. Its foundation was laid in 2013, when the GGE agreed that international law, and in particular the Charter of the United Nations, applies to the use of information and communications technologies (ICTs) by states.`},
			{room: "gallery", exhibit: "data_privacy", title: "Human rights online", text: `The norms protect people, not only networks. In 2012 the UN Human Rights Council affirmed that the same rights people have offline must also be protected online, in particular freedom of expression. One of the eleven norms of the 2015 GGE report asks states to respect the Council's resolutions on human rights on the internet and the General Assembly's resolutions on the right to privacy in the digital age.

That is why this stop stands at the exhibit on data protection: how states treat personal data, and what their agencies may do with it, is part of what responsible behaviour in cyberspace means.`},
			{room: "gallery", exhibit: "internet_governance", title: "Critical infrastructure", text: `At the heart of the eleven norms is restraint. A state should not conduct or knowingly support ICT activity, contrary to its obligations under international law, that intentionally damages critical infrastructure or impairs its use to provide services to the public. It should not harm the emergency response teams that defend networks, nor use them for malicious activity. It should protect its own critical infrastructure, and answer appropriate requests for help from a state whose infrastructure is attacked.

Each state decides what it treats as critical; the 2021 GGE report gives examples such as healthcare, energy and water. The internet itself is run by many hands, as this plinth explains, and the Global Commission on the Stability of Cyberspace, an independent body, has proposed that the public core of the internet deserves the same protection.`},
			{room: "gallery", exhibit: "digital_trade", title: "Supply chains and vulnerabilities", text: `Phones, routers and software cross many borders before they reach their users, so two norms concern the products themselves. States should take reasonable steps to ensure the integrity of the supply chain, so that users can trust the security of ICT products, and should seek to prevent the spread of malicious ICT tools and harmful hidden functions. They should also encourage the responsible reporting of vulnerabilities and share information on remedies, so that flaws get fixed.

Trade and security meet here: a country that can trust its partners' products can keep its market open to them.`},
			{room: "gallery", exhibit: "digital_public_goods", title: "Capacity building", text: `A norm means little to a state that lacks the people and institutions to follow it. Protecting critical infrastructure, running an emergency response team or taking part in negotiations all need skills, and the UN process treats helping each other build them as a shared responsibility. The 2021 OEWG report set out principles for doing it well: capacity building should be sustainable, demand-driven and nationally owned, respect human rights, and be gender-sensitive and inclusive.

Open, shareable tools such as the digital public goods on this board are one way partners help each other build services that their citizens own.`},
			{room: "gallery", exhibit: "crisis_response", title: "Confidence building", text: `Norms work only if states can talk when something goes wrong. Confidence-building measures make that possible: exchanging views on national doctrine, publishing strategies, and above all naming points of contact who can be reached during an incident, so that a misunderstanding does not escalate. Regional organisations led the way; the OSCE adopted its first set of cyber confidence-building measures in 2013. At the UN, states agreed in 2023 to set up a global directory of points of contact.

Like consular crisis work, shown on this plinth, the aim is to have the numbers ready before the crisis starts. This is the last stop of the tour; the board where it began tells the whole story.`},
		},
	}
}
