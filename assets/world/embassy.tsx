<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="embassy" tilewidth="32" tileheight="32" tilecount="139" columns="16">
 <image source="embassy_tiles.png" width="512" height="288"/>
 <tile id="0" type="floor" class="floor">
  <properties>
   <property name="name" value="marble_a"/>
  </properties>
 </tile>
 <tile id="1" type="floor" class="floor">
  <properties>
   <property name="name" value="marble_b"/>
  </properties>
 </tile>
 <tile id="2" type="floor" class="floor">
  <properties>
   <property name="name" value="parquet"/>
  </properties>
 </tile>
 <tile id="3" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_blue"/>
  </properties>
 </tile>
 <tile id="4" type="doorway" class="doorway">
  <properties>
   <property name="name" value="doorway"/>
  </properties>
 </tile>
 <tile id="5" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_00"/>
  </properties>
 </tile>
 <tile id="6" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_01"/>
  </properties>
 </tile>
 <tile id="7" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_02"/>
  </properties>
 </tile>
 <tile id="8" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_03"/>
  </properties>
 </tile>
 <tile id="9" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_04"/>
  </properties>
 </tile>
 <tile id="10" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_05"/>
  </properties>
 </tile>
 <tile id="11" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_06"/>
  </properties>
 </tile>
 <tile id="12" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_07"/>
  </properties>
 </tile>
 <tile id="13" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_08"/>
  </properties>
 </tile>
 <tile id="14" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_09"/>
  </properties>
 </tile>
 <tile id="15" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_10"/>
  </properties>
 </tile>
 <tile id="16" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_11"/>
  </properties>
 </tile>
 <tile id="17" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_12"/>
  </properties>
 </tile>
 <tile id="18" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_13"/>
  </properties>
 </tile>
 <tile id="19" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_14"/>
  </properties>
 </tile>
 <tile id="20" type="carpet" class="carpet">
  <properties>
   <property name="name" value="carpet_red_15"/>
  </properties>
 </tile>
 <tile id="21" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_00"/>
  </properties>
 </tile>
 <tile id="22" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_01"/>
  </properties>
 </tile>
 <tile id="23" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_02"/>
  </properties>
 </tile>
 <tile id="24" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_03"/>
  </properties>
 </tile>
 <tile id="25" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_04"/>
  </properties>
 </tile>
 <tile id="26" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_05"/>
  </properties>
 </tile>
 <tile id="27" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_06"/>
  </properties>
 </tile>
 <tile id="28" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_07"/>
  </properties>
 </tile>
 <tile id="29" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_08"/>
  </properties>
 </tile>
 <tile id="30" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_09"/>
  </properties>
 </tile>
 <tile id="31" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_10"/>
  </properties>
 </tile>
 <tile id="32" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_11"/>
  </properties>
 </tile>
 <tile id="33" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_12"/>
  </properties>
 </tile>
 <tile id="34" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_13"/>
  </properties>
 </tile>
 <tile id="35" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_14"/>
  </properties>
 </tile>
 <tile id="36" type="rug" class="rug">
  <properties>
   <property name="name" value="rug_15"/>
  </properties>
 </tile>
 <tile id="37" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_00"/>
  </properties>
 </tile>
 <tile id="38" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_01"/>
  </properties>
 </tile>
 <tile id="39" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_02"/>
  </properties>
 </tile>
 <tile id="40" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_03"/>
  </properties>
 </tile>
 <tile id="41" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_04"/>
  </properties>
 </tile>
 <tile id="42" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_05"/>
  </properties>
 </tile>
 <tile id="43" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_06"/>
  </properties>
 </tile>
 <tile id="44" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_07"/>
  </properties>
 </tile>
 <tile id="45" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_08"/>
  </properties>
 </tile>
 <tile id="46" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_09"/>
  </properties>
 </tile>
 <tile id="47" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_10"/>
  </properties>
 </tile>
 <tile id="48" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_11"/>
  </properties>
 </tile>
 <tile id="49" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_12"/>
  </properties>
 </tile>
 <tile id="50" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_13"/>
  </properties>
 </tile>
 <tile id="51" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_14"/>
  </properties>
 </tile>
 <tile id="52" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_15"/>
  </properties>
 </tile>
 <tile id="53" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_00"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="54" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_01"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="55" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_02"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="56" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_03"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="57" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_04"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="58" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_05"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="59" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_06"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="60" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_07"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="61" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_08"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="62" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_09"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="63" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_10"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="64" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_11"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="65" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_12"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="66" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_13"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="67" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_14"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="68" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_top_15"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="69" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_upper"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="70" type="wall" class="wall">
  <properties>
   <property name="name" value="wall_lower"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="71" type="window" class="window">
  <properties>
   <property name="name" value="window_upper"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="72" type="window" class="window">
  <properties>
   <property name="name" value="window_lower"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="73" type="wall" class="wall">
  <properties>
   <property name="name" value="painting"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="74" type="wall" class="wall">
  <properties>
   <property name="name" value="screen"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="75" type="column" class="column">
  <properties>
   <property name="name" value="column"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="76" type="plant" class="plant">
  <properties>
   <property name="name" value="plant_a"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="77" type="plant" class="plant">
  <properties>
   <property name="name" value="plant_b"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="78" type="flag" class="flag">
  <properties>
   <property name="name" value="flag_a"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="79" type="flag" class="flag">
  <properties>
   <property name="name" value="flag_b"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="80" type="flag" class="flag">
  <properties>
   <property name="name" value="flag_c"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="81" type="shelf" class="shelf">
  <properties>
   <property name="name" value="bookshelf_a"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="82" type="shelf" class="shelf">
  <properties>
   <property name="name" value="bookshelf_b"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="83" type="desk" class="desk">
  <properties>
   <property name="name" value="desk_l"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="84" type="desk" class="desk">
  <properties>
   <property name="name" value="desk_m"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="85" type="desk" class="desk">
  <properties>
   <property name="name" value="desk_r"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="86" type="chair" class="chair">
  <properties>
   <property name="name" value="chair_down"/>
  </properties>
 </tile>
 <tile id="87" type="chair" class="chair">
  <properties>
   <property name="name" value="chair_up"/>
  </properties>
 </tile>
 <tile id="88" type="chair" class="chair">
  <properties>
   <property name="name" value="chair_left"/>
  </properties>
 </tile>
 <tile id="89" type="chair" class="chair">
  <properties>
   <property name="name" value="chair_right"/>
  </properties>
 </tile>
 <tile id="90" type="sofa" class="sofa">
  <properties>
   <property name="name" value="sofa_l"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="91" type="sofa" class="sofa">
  <properties>
   <property name="name" value="sofa_m"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="92" type="sofa" class="sofa">
  <properties>
   <property name="name" value="sofa_r"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="93" type="chair" class="chair">
  <properties>
   <property name="name" value="armchair"/>
  </properties>
 </tile>
 <tile id="94" type="table" class="table">
  <properties>
   <property name="name" value="coffee_table"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="95" type="table" class="table">
  <properties>
   <property name="name" value="table_tl"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="96" type="table" class="table">
  <properties>
   <property name="name" value="table_tm"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="97" type="table" class="table">
  <properties>
   <property name="name" value="table_tr"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="98" type="table" class="table">
  <properties>
   <property name="name" value="table_bl"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="99" type="table" class="table">
  <properties>
   <property name="name" value="table_bm"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="100" type="table" class="table">
  <properties>
   <property name="name" value="table_br"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="101" type="counter" class="counter">
  <properties>
   <property name="name" value="counter_l"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="102" type="counter" class="counter">
  <properties>
   <property name="name" value="counter_m"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="103" type="counter" class="counter">
  <properties>
   <property name="name" value="counter_r"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="104" type="info_desk" class="info_desk">
  <properties>
   <property name="name" value="info_desk"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="105" type="counter" class="counter">
  <properties>
   <property name="name" value="service_counter"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="106" type="lectern" class="lectern">
  <properties>
   <property name="name" value="lectern"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="107" type="plinth" class="plinth">
  <properties>
   <property name="name" value="plinth_globe"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="108" type="plinth" class="plinth">
  <properties>
   <property name="name" value="plinth_vase"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="109" type="plinth" class="plinth">
  <properties>
   <property name="name" value="plinth_letter"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="110" type="plinth" class="plinth">
  <properties>
   <property name="name" value="plinth_terminal"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="111" type="board" class="board">
  <properties>
   <property name="name" value="board_l"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="112" type="board" class="board">
  <properties>
   <property name="name" value="board_m"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="113" type="board" class="board">
  <properties>
   <property name="name" value="board_r"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="114" type="buffet" class="buffet">
  <properties>
   <property name="name" value="buffet_l"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="115" type="buffet" class="buffet">
  <properties>
   <property name="name" value="buffet_m"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="116" type="buffet" class="buffet">
  <properties>
   <property name="name" value="buffet_r"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="117" type="lamp" class="lamp">
  <properties>
   <property name="name" value="lamp"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="118" type="bench" class="bench">
  <properties>
   <property name="name" value="bench_l"/>
  </properties>
 </tile>
 <tile id="119" type="bench" class="bench">
  <properties>
   <property name="name" value="bench_m"/>
  </properties>
 </tile>
 <tile id="120" type="bench" class="bench">
  <properties>
   <property name="name" value="bench_r"/>
  </properties>
 </tile>
 <tile id="121" type="plinth" class="plinth">
  <properties>
   <property name="name" value="plinth_passport"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="122" type="table" class="table">
  <properties>
   <property name="name" value="standing_table"/>
   <property name="collides" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="123" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_00"/>
  </properties>
 </tile>
 <tile id="124" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_01"/>
  </properties>
 </tile>
 <tile id="125" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_02"/>
  </properties>
 </tile>
 <tile id="126" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_03"/>
  </properties>
 </tile>
 <tile id="127" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_04"/>
  </properties>
 </tile>
 <tile id="128" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_05"/>
  </properties>
 </tile>
 <tile id="129" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_06"/>
  </properties>
 </tile>
 <tile id="130" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_07"/>
  </properties>
 </tile>
 <tile id="131" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_08"/>
  </properties>
 </tile>
 <tile id="132" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_09"/>
  </properties>
 </tile>
 <tile id="133" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_10"/>
  </properties>
 </tile>
 <tile id="134" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_11"/>
  </properties>
 </tile>
 <tile id="135" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_12"/>
  </properties>
 </tile>
 <tile id="136" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_13"/>
  </properties>
 </tile>
 <tile id="137" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_14"/>
  </properties>
 </tile>
 <tile id="138" type="stage" class="stage">
  <properties>
   <property name="name" value="stage_steps_15"/>
  </properties>
 </tile>
</tileset>
