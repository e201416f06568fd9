import re,sys
# heap after young GC vs time (between full GCs): promoted MB/s, and per call at rate
for f in sys.argv[1:]:
    pts=[]
    for l in open(f):
        m=re.match(r'\[(\d+\.\d+)s\].*Pause Young.*->(\d+)M\(\d+M\) ([\d.]+)ms',l)
        if m: pts.append((float(m.group(1)),int(m.group(2)),float(m.group(3))))
        if 'Pause Full' in l: pts=[]
    pts=[p for p in pts if p[0]>70]
    if len(pts)<2: print(f,'n/a'); continue
    dt=pts[-1][0]-pts[0][0]; dm=pts[-1][1]-pts[0][1]
    print(f, "young GCs after 70s:",len(pts),"interval %.1fs"%(dt/(len(pts)-1)), "heap-after growth %.2f MB/s"%(dm/dt))
